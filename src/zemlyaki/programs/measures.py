"""Measures of programs and resources for indicators (``core.registries.measures``)."""

from collections.abc import Callable
from typing import Any

from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from zemlyaki.core.registries import Measure, Period

from .models import Pledge, PledgeStatus
from .units import ResourceKind


def _due(association: Any, period: Period, kind: str = "") -> Any:
    """Pledges due within the period (by their end, or when recorded if open-ended), not
    withdrawn; an association's are those it made or those of its programs."""
    pledges = Pledge.objects.exclude(status=PledgeStatus.WITHDRAWN).filter(
        Q(end__gte=period.start, end__lte=period.end)
        | Q(end__isnull=True, created_at__date__gte=period.start, created_at__date__lte=period.end)
    )
    if association is not None:
        pledges = pledges.filter(Q(association=association) | Q(program__association=association))
    return pledges.filter(kind=kind) if kind else pledges


def pledges_delivered_share(association: Any, period: Period, kind: str = "") -> float:
    """Of the pledges due within the period (of one kind of resource, when given), the
    share delivered, in percent; 0 without any."""
    due = _due(association, period, kind)
    total = due.count()
    if not total:
        return 0.0
    return round(100 * due.filter(status=PledgeStatus.DELIVERED).count() / total, 2)


def pledges_delivered(association: Any, period: Period) -> int:
    """The number of pledges due within the period that were delivered."""
    return int(_due(association, period).filter(status=PledgeStatus.DELIVERED).count())


def _of_kind(kind: str) -> Callable[[Any, Period], float]:
    def share(association: Any, period: Period) -> float:
        return pledges_delivered_share(association, period, kind)

    return share


MEASURES = [
    Measure(
        "programs.pledges_delivered_share",
        _("Доля выполненных ресурсных обязательств"),
        _("%"),
        pledges_delivered_share,
    ),
    Measure(
        "programs.pledges_delivered",
        _("Выполненные ресурсные обязательства"),
        _("шт."),
        pledges_delivered,
    ),
]
# The share delivered by kind of resource: one measure per kind.
MEASURES += [
    Measure(
        f"programs.pledges_delivered_share.{kind}",
        format_lazy("{}: {}", _("Доля выполненных ресурсных обязательств"), label),
        _("%"),
        _of_kind(kind),
    )
    for kind, label in ResourceKind.choices
]
