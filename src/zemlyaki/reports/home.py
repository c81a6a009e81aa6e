"""The reports archive on the home page: a leader's annual report that is due, and the
coordinator's figure of reports received this year."""

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.core.registries import HomeItem
from zemlyaki.core.typography import plural
from zemlyaki.registry.models import Association

from .models import AnnualReport


def annual_reports_due(request: Any) -> dict[str, Any]:
    """The report for last year of each association the leader leads, until it is in."""
    year = timezone.localdate().year - 1
    items = []
    for association in Association.objects.filter(leaders=request.user).order_by("name"):
        covered = AnnualReport.objects.filter(association=association).filter(
            Q(year_from=year) | Q(year_from__lte=year, year_to__gte=year)
        )
        if covered.exists():
            continue
        items.append(
            {
                "title": _("Годовой отчёт за %(year)s год: %(association)s")
                % {"year": year, "association": association},
                "url": reverse("reports:report_upload")
                + f"?association={association.slug}&year={year}",
                "meta": _("ещё не загружен"),
            }
        )
    return {"key": "reports:annual-due", "title": _("Годовой отчёт"), "items": items}


def reports_this_year(request: Any) -> dict[str, Any]:
    year = timezone.localdate().year
    count = AnnualReport.objects.filter(uploaded_at__year=year).count()
    return {
        "key": "reports:received",
        "value": count,
        "label": _("%(reports)s в %(year)s году")
        % {
            "reports": plural(count, _("отчёт получен,отчёта получено,отчётов получено")),
            "year": year,
        },
        "url": reverse("reports:report_list"),
    }


ITEMS = [
    HomeItem(
        "reports:annual-due",
        "core/partials/_home_list.html",
        annual_reports_due,
        roles=frozenset({"leader"}),
        order=30,
    ),
    HomeItem(
        "reports:received",
        "core/partials/_home_figure.html",
        reports_this_year,
        roles=frozenset({"coordinator"}),
        order=20,
        kind="figure",
    ),
]
