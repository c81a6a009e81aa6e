"""Measures of the reports archive for indicators (``core.registries.measures``)."""

from typing import Any

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


MEASURES = [
    Measure("reports.submitted", _("Представленные годовые отчёты"), _("шт."), reports_submitted)
]
