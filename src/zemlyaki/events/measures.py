"""Measures of the events app for indicators (``core.registries.measures``)."""

from typing import Any

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from zemlyaki.core.registries import Measure, Period

from .models import Event, EventStatus, Registration


def events_held(association: Any, period: Period) -> int:
    """Events held that began within the period; for an association, those at which a
    member of it was marked present."""
    events = Event.objects.filter(
        status=EventStatus.HELD,
        starts_at__date__gte=period.start,
        starts_at__date__lte=period.end,
    )
    if association is not None:
        events = events.filter(
            registrations__attended_at__isnull=False,
            registrations__person__memberships__association=association,
        ).distinct()
    return events.count()


def participants(association: Any, period: Period) -> int:
    """Participants marked present at events held within the period (each visit counts);
    for an association, the visits of its members."""
    visits = Registration.objects.filter(
        attended_at__isnull=False,
        event__status=EventStatus.HELD,
        event__starts_at__date__gte=period.start,
        event__starts_at__date__lte=period.end,
    )
    if association is not None:
        visits = visits.filter(person__memberships__association=association).distinct()
    return visits.count()


def _visits(period: Period) -> Any:
    return Registration.objects.filter(
        attended_at__isnull=False,
        event__status=EventStatus.HELD,
        event__starts_at__date__gte=period.start,
        event__starts_at__date__lte=period.end,
        person__memberships__isnull=False,
    ).order_by()


def events_held_by_association(period: Period) -> dict[Any, int]:
    grouped = (
        _visits(period)
        .values("person__memberships__association")
        .annotate(n=Count("event", distinct=True))
    )
    return {row["person__memberships__association"]: row["n"] for row in grouped}


def participants_by_association(period: Period) -> dict[Any, int]:
    grouped = (
        _visits(period)
        .values("person__memberships__association")
        .annotate(n=Count("pk", distinct=True))
    )
    return {row["person__memberships__association"]: row["n"] for row in grouped}


MEASURES = [
    Measure("events.held", _("Проведённые мероприятия"), _("шт."), events_held,
            events_held_by_association),
    Measure("events.participants", _("Участники мероприятий"), _("чел."), participants,
            participants_by_association),
]  # fmt: skip
