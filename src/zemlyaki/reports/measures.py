"""Measures of the reports archive for indicators (``core.registries.measures``)."""

from typing import Any

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from zemlyaki.core.registries import Measure, Period

from .models import AnnualReport


def reports_submitted(association: Any, period: Period) -> int:
    """Annual reports uploaded to the archive within the period."""
    reports = AnnualReport.objects.filter(
        uploaded_at__date__gte=period.start, uploaded_at__date__lte=period.end
    )
    if association is not None:
        reports = reports.filter(association=association)
    return reports.count()


def reports_by_association(period: Period) -> dict[Any, int]:
    grouped = (
        AnnualReport.objects.filter(
            uploaded_at__date__gte=period.start, uploaded_at__date__lte=period.end
        )
        .order_by()
        .values("association")
        .annotate(n=Count("pk"))
    )
    return {row["association"]: row["n"] for row in grouped}


MEASURES = [
    Measure("reports.submitted", _("Представленные годовые отчёты"), _("шт."), reports_submitted,
            reports_by_association)
]  # fmt: skip
