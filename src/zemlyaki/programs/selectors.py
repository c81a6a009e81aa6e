"""Reads of programs and pledges."""

import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet

from zemlyaki.directions.selectors import descendant_ids
from zemlyaki.people.models import Person
from zemlyaki.registry.models import Association

from .models import Pledge, Program, ProgramStatus, ResourceNeed


def program_list(
    *,
    association: Any = None,
    community: bool = False,
    direction: Any = None,
    status: str = "",
    year: int | None = None,
    user: Any = None,
) -> QuerySet[Program]:
    """Programs with their association, body and directions; ``year`` keeps those running
    in that year; ``direction`` includes the directions below it."""
    qs = (
        Program.objects.visible_to(user)
        .select_related("association", "responsible_body", "responsible_person")
        .prefetch_related("directions")
        .annotate(
            need_count=Count("needs", distinct=True),
            pledge_count=Count("pledges", distinct=True),
        )
    )
    if association is not None:
        qs = qs.filter(association=association)
    elif community:
        qs = qs.filter(association__isnull=True)
    if direction is not None:
        qs = qs.filter(directions__in=descendant_ids(direction)).distinct()
    if status in ProgramStatus.values:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(start__lte=datetime.date(year, 12, 31), end__gte=datetime.date(year, 1, 1))
    return qs.order_by("title", "id")


def program_needs(program: Program) -> QuerySet[ResourceNeed]:
    return ResourceNeed.objects.filter(program=program).order_by("kind", "id")


def pledge_list(
    *,
    program: Program | None = None,
    stakeholder: Any = None,
    association: Any = None,
    status: str = "",
) -> QuerySet[Pledge]:
    qs = Pledge.objects.select_related(
        "program", "need", "stakeholder", "association", "person", "program__association"
    )
    if program is not None:
        qs = qs.filter(program=program)
    if stakeholder is not None:
        qs = qs.filter(stakeholder=stakeholder)
    if association is not None:
        qs = qs.filter(association=association)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("program__title", "created_at", "id")


def programs_of_direction(direction: Any) -> QuerySet[Program]:
    return Program.objects.filter(directions__in=descendant_ids(direction)).distinct()


def association_giving(association: Any) -> QuerySet[Pledge]:
    return Pledge.objects.filter(Q(association=association))


def associations_with_programs() -> QuerySet[Association]:
    """Associations that run programs or pledged to them, with how many of each."""
    return (
        Association.objects.annotate(
            program_count=Count("programs", distinct=True),
            giving_count=Count("pledges", distinct=True),
        )
        .filter(Q(program_count__gt=0) | Q(giving_count__gt=0))
        .order_by("name")
    )


def responsible_people(user: Any) -> QuerySet[Person]:
    """Whom a user may name the responsible person of a program: the people they see
    (``Person.objects.visible_to``: a leader their associations' members, a coordinator
    everyone), not erased. A person outside it is not found, whether or not they exist."""
    return Person.objects.visible_to(user).filter(erased_at__isnull=True)


def shown_responsible(user: Any, programs: list[Program]) -> dict[int, Person]:
    """The responsible persons of ``programs`` whom the user may see (``responsible_
    people``), by id, in one query: for anyone else the program names nobody, as the
    person's card would not open for them."""
    ids = {p.responsible_person_id for p in programs if p.responsible_person_id}
    if not ids:
        return {}
    return {person.pk: person for person in responsible_people(user).filter(pk__in=ids)}
