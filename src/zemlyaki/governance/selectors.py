"""Reads of governance."""

import datetime
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from zemlyaki.registry.models import StakeholderKind

from .models import Body, BodyMember
from .services import current_members_q


def body_list(
    *, kind: str = "", on: datetime.date | None = None, user: Any = None
) -> QuerySet[Body]:
    """Bodies with their parent and the number of current members (bodies are public)."""
    qs = (
        Body.objects.visible_to(user)
        .select_related("parent")
        .annotate(member_count=Count("members", filter=current_members_q(on, prefix="members__")))
    )
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("name")


def body_get(pk: int) -> Body:
    return Body.objects.select_related("parent").prefetch_related("children", "powers").get(pk=pk)


def body_members(
    body: Body, *, current_only: bool = False, user: Any = None
) -> QuerySet[BodyMember]:
    """The members of ``body``; with ``user``, those the user may read."""
    base = BodyMember.objects.all() if user is None else BodyMember.objects.visible_to(user)
    qs = base.filter(body=body).select_related("person", "stakeholder")
    if current_only:
        qs = qs.filter(current_members_q())
    return qs.order_by("position", "person__last_name", "person__first_name")


def bodies_of_person(person: Any) -> QuerySet[BodyMember]:
    return BodyMember.objects.filter(person=person).select_related("body")


def body_composition(body: Body) -> list[dict[str, Any]]:
    """How each of the ten kinds of stakeholders is represented among the current members."""
    members = (
        BodyMember.objects.filter(current_members_q(), body=body)
        .select_related("person", "stakeholder")
        .order_by("person__last_name", "person__first_name")
    )
    by_kind: dict[str, list[BodyMember]] = {kind: [] for kind in StakeholderKind.values}
    unassigned = []
    for member in members:
        if member.stakeholder is None:
            unassigned.append(member)
        else:
            by_kind[member.stakeholder.kind].append(member)
    rows: list[dict[str, Any]] = [
        {"kind": kind, "label": label, "members": by_kind[kind], "missing": not by_kind[kind]}
        for kind, label in StakeholderKind.choices
    ]
    return rows + [{"kind": "", "label": None, "members": unassigned, "missing": False}]


def bodies_with_power(code: str) -> QuerySet[Body]:
    return Body.objects.filter(powers__code=code).distinct().order_by("name")


def body_powers_prefetch() -> Prefetch:  # type: ignore[type-arg]  # Prefetch is not generic at run time
    from .models import Power

    return Prefetch("powers", queryset=Power.objects.order_by("code", "scope_type", "scope_id"))


def expert_councils() -> QuerySet[Body]:
    return Body.objects.filter(Q(kind="expert_council")).order_by("name")
