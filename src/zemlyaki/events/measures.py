"""Measures of the events app for indicators (``core.registries.measures``)."""

from typing import Any

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


MEASURES = [
    Measure("events.held", _("Проведённые мероприятия"), _("шт."), events_held),
    Measure("events.participants", _("Участники мероприятий"), _("чел."), participants),
]
