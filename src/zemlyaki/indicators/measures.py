"""Measures that join the data of several apps, which none of them may import alone
(``events`` and ``surveys`` share a layer): registered here, one function each."""

from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from zemlyaki.core.registries import Measure, Period
from zemlyaki.events.models import EventStatus, Registration
from zemlyaki.people.models import Person
from zemlyaki.surveys.models import Response, ResponseStatus


def _overlap(period: Period) -> Q:
    """A membership (one and the same row, within one ``filter()``) that covers some day of
    the period; a person without any membership never matches."""
    return (
        Q(memberships__isnull=False)
        & (Q(memberships__since__isnull=True) | Q(memberships__since__lte=period.end))
        & (Q(memberships__until__isnull=True) | Q(memberships__until__gte=period.start))
    )


def active_members(association: Any, period: Period) -> int:
    """Members (of the association, or of any) at some day of the period who were marked
    present at an event held in the period or submitted a questionnaire in it."""
    overlap = _overlap(period)
    if association is not None:
        overlap &= Q(memberships__association=association)
    attended = Registration.objects.filter(
        person=OuterRef("pk"),
        attended_at__isnull=False,
        event__status=EventStatus.HELD,
        event__starts_at__date__gte=period.start,
        event__starts_at__date__lte=period.end,
    )
    answered = Response.objects.filter(
        person=OuterRef("pk"),
        status=ResponseStatus.SUBMITTED,
        submitted_at__date__gte=period.start,
        submitted_at__date__lte=period.end,
    )
    persons = Person.objects.filter(overlap, erased_at__isnull=True).filter(
        Exists(attended) | Exists(answered)
    )
    return persons.distinct().count()


MEASURES = [
    Measure("people.active", _("Активные члены землячеств"), _("чел."), active_members),
]
