"""Measures of the people app for indicators (``core.registries.measures``)."""

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zemlyaki.core.registries import Measure, Period

from .models import Person


def _overlap(period: Period) -> Q:
    """A membership (one and the same row, within one ``filter()``) that covers some day of
    the period; a person without any membership never matches."""
    return (
        Q(memberships__isnull=False)
        & (Q(memberships__since__isnull=True) | Q(memberships__since__lte=period.end))
        & (Q(memberships__until__isnull=True) | Q(memberships__until__gte=period.start))
    )


def members(association: Any, period: Period) -> int:
    """Persons who were members (of the association, or of any) at some day of the period."""
    overlap = _overlap(period)
    if association is not None:
        overlap &= Q(memberships__association=association)
    return Person.objects.filter(overlap, erased_at__isnull=True).distinct().count()


def experts(association: Any, period: Period) -> int:
    """Persons who agreed to be shown as experts and were members (of the association,
    or of any) at some day of the period."""
    overlap = _overlap(period)
    if association is not None:
        overlap &= Q(memberships__association=association)
    agreed = Person.objects.filter(overlap, show_as_expert=True, erased_at__isnull=True)
    return agreed.distinct().count()


MEASURES = [
    Measure("people.members", _("Члены землячеств"), _("чел."), members),
    Measure("people.experts", _("Согласившиеся быть экспертами"), _("чел."), experts),
]
