"""Measures of programs and resources for indicators (``core.registries.measures``)."""

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zemlyaki.core.registries import Measure, Period

from .models import Pledge, PledgeStatus


def _due(association: Any, period: Period) -> Any:
    """Pledges due within the period (by their end, or when recorded if open-ended), not
    withdrawn; an association's are those it made or those of its programs."""
    pledges = Pledge.objects.exclude(status=PledgeStatus.WITHDRAWN).filter(
        Q(end__gte=period.start, end__lte=period.end)
        | Q(end__isnull=True, created_at__date__gte=period.start, created_at__date__lte=period.end)
    )
    if association is not None:
        pledges = pledges.filter(Q(association=association) | Q(program__association=association))
    return pledges


def pledges_delivered_share(association: Any, period: Period) -> float:
    """Of the pledges due within the period, the share delivered, in percent; 0 without any."""
    due = _due(association, period)
    total = due.count()
    if not total:
        return 0.0
    return round(100 * due.filter(status=PledgeStatus.DELIVERED).count() / total, 2)


def pledges_delivered(association: Any, period: Period) -> int:
    """The number of pledges due within the period that were delivered."""
    return int(_due(association, period).filter(status=PledgeStatus.DELIVERED).count())


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
