"""Measures of the people app for indicators (``core.registries.measures``).

Counted over memberships: a person is counted once however many of their memberships
cover the period; a person without any membership, or whose data were erased, never."""

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from zemlyaki.core.registries import Measure, Period

from .models import Membership, Person


def memberships(period: Period, association: Any = None) -> QuerySet[Membership]:
    """Memberships covering some day of the period (of the association, when given)."""
    rows = Membership.objects.filter(
        Q(since__isnull=True) | Q(since__lte=period.end),
        Q(until__isnull=True) | Q(until__gte=period.start),
        person__erased_at__isnull=True,
    )
    return rows if association is None else rows.filter(association=association)


def persons_count(rows: QuerySet[Membership]) -> int:
    """The persons the memberships belong to, each once (a semi-join, not a DISTINCT)."""
    return Person.objects.filter(pk__in=rows.values("person")).count()


def persons_by_association(rows: QuerySet[Membership]) -> dict[Any, int]:
    """Persons per association: a person has one membership per association (a unique
    constraint), so counting the memberships counts the persons."""
    grouped = rows.order_by().values("association").annotate(n=Count("pk"))
    return {row["association"]: row["n"] for row in grouped}


def members(association: Any, period: Period) -> int:
    """Persons who were members (of the association, or of any) at some day of the period."""
    return persons_count(memberships(period, association))


def members_by_association(period: Period) -> dict[Any, int]:
    return persons_by_association(memberships(period))


def experts(association: Any, period: Period) -> int:
    """Persons who agreed to be shown as experts and were members (of the association,
    or of any) at some day of the period."""
    return persons_count(memberships(period, association).filter(person__show_as_expert=True))


def experts_by_association(period: Period) -> dict[Any, int]:
    return persons_by_association(memberships(period).filter(person__show_as_expert=True))


MEASURES = [
    Measure("people.members", _("Члены землячеств"), _("чел."), members, members_by_association),
    Measure("people.experts", _("Согласившиеся быть экспертами"), _("чел."), experts,
            experts_by_association),
]  # fmt: skip
