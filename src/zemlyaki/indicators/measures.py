"""Measures that join the data of several apps, which none of them may import alone
(``events`` and ``surveys`` share a layer): registered here, one function each."""

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from zemlyaki.core.registries import Measure, Period
from zemlyaki.events.models import EventStatus, Registration
from zemlyaki.people.measures import memberships, persons_by_association, persons_count
from zemlyaki.people.models import Membership
from zemlyaki.surveys.models import Response, ResponseStatus


def _active(period: Period, association: Any = None) -> QuerySet[Membership]:
    """Memberships of the persons who acted in the period: the (few) persons who attended
    or answered are found first, then their memberships."""
    attended = Registration.objects.filter(
        attended_at__isnull=False,
        event__status=EventStatus.HELD,
        event__starts_at__date__gte=period.start,
        event__starts_at__date__lte=period.end,
    )
    answered = Response.objects.filter(
        status=ResponseStatus.SUBMITTED,
        submitted_at__date__gte=period.start,
        submitted_at__date__lte=period.end,
    )
    rows = memberships(period, association)
    return rows.filter(
        Q(person__in=attended.values("person")) | Q(person__in=answered.values("person"))
    )


def active_members(association: Any, period: Period) -> int:
    """Members (of the association, or of any) at some day of the period who were marked
    present at an event held in the period or submitted a questionnaire in it."""
    return persons_count(_active(period, association))


def active_by_association(period: Period) -> dict[Any, int]:
    return persons_by_association(_active(period))


MEASURES = [
    Measure("people.active", _("Активные члены землячеств"), _("чел."), active_members,
            active_by_association),
]  # fmt: skip
