"""Reads of events."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from zemlyaki.core.text import search_q

from .models import (
    AgendaItem,
    Decision,
    Event,
    Invitation,
    Material,
    Registration,
    RegistrationStatus,
)


def event_list(
    *, user: Any = None, q: str = "", kind: str = "", when: str = "", public_only: bool = False
) -> QuerySet[Event]:
    """Events visible to the user: open events to everyone, the rest to signed-in users.

    ``when`` is ``upcoming`` (from today on), ``past`` or empty for all."""
    qs = (
        Event.objects.visible_to(user)
        .select_related("organiser")
        .annotate(
            confirmed_count=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
            ),
            waitlisted_count=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)
            ),
        )
    )
    if public_only:
        qs = qs.filter(is_public=True)
    if q.strip():
        qs = qs.filter(search_q(q))
    if kind:
        qs = qs.filter(kind=kind)
    now = timezone.now()
    if when == "upcoming":
        return qs.filter(starts_at__gte=now).order_by("starts_at", "pk")
    if when == "past":
        return qs.filter(starts_at__lt=now).order_by("-starts_at", "-pk")
    return qs.order_by("-starts_at", "-pk")


def event_get(pk: int) -> Event:
    return (
        Event.objects.select_related("organiser")
        .prefetch_related(
            Prefetch("agenda", queryset=AgendaItem.objects.order_by("order", "pk")),
            Prefetch("materials", queryset=Material.objects.order_by("phase", "pk")),
            Prefetch(
                "decisions",
                queryset=Decision.objects.select_related("body").order_by("number"),
            ),
        )
        .get(pk=pk)
    )


def registration_counts(event: Event) -> dict[str, int]:
    rows = event.registrations.values("status").annotate(n=Count("pk"))
    counts = dict.fromkeys(RegistrationStatus.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def attendance_list(event: Event) -> QuerySet[Registration]:
    return (
        event.registrations.filter(status=RegistrationStatus.CONFIRMED)
        .select_related("person", "invitation")
        .order_by("name", "pk")
    )


def registration_list(event: Event, status: str = "") -> QuerySet[Registration]:
    """Every registration of an event (or those in one state), in the order they came."""
    qs = event.registrations.order_by("created_at", "pk")
    return qs.filter(status=status) if status else qs


def waiting_list(event: Event) -> QuerySet[Registration]:
    return event.registrations.filter(status=RegistrationStatus.WAITLISTED).order_by(
        "created_at", "pk"
    )


def invitation_list(event: Event) -> QuerySet[Invitation]:
    return event.invitations.select_related("person", "via_body", "via_stakeholder").order_by(
        "name", "pk"
    )


def decisions_for(target: Any, *, user: Any = None) -> QuerySet[Decision]:
    """Decisions that act on an object (a plan, a strategy document or section); with
    ``user``, those the user may read."""
    base = Decision.objects.all() if user is None else Decision.objects.visible_to(user)
    return (
        base.filter(
            target_content_type=ContentType.objects.get_for_model(target), target_id=target.pk
        )
        .select_related("event", "body")
        .order_by("event__starts_at", "number")
    )


def section_positions(section: Any) -> QuerySet[Decision]:
    """Agreed positions on a strategy section recorded by decisions of events."""
    return decisions_for(section).filter(effect="section_position", adopted=True)


def meetings_discussing(subject: Any, *, user: Any = None) -> list[dict[str, Any]]:
    """Events whose agenda discusses ``subject`` (a strategy section or another object),
    newest first, each with the agenda items about it and the decisions of the meeting."""
    from django.contrib.contenttypes.models import ContentType

    items = (
        AgendaItem.objects.filter(
            subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk
        )
        .filter(event__in=Event.objects.visible_to(user))
        .select_related("event")
        .order_by("-event__starts_at", "event_id", "order", "pk")
    )
    meetings: dict[int, dict[str, Any]] = {}
    for item in items:
        row = meetings.setdefault(
            item.event_id, {"event": item.event, "items": [], "decisions": []}
        )
        row["items"].append(item)
    if meetings:
        decisions = (
            Decision.objects.filter(event_id__in=list(meetings))
            .select_related("body")
            .order_by("event_id", "number")
        )
        for decision in decisions:
            meetings[decision.event_id]["decisions"].append(decision)
    return list(meetings.values())


def is_discussed(subject: Any) -> bool:
    """True when an agenda item of any event discusses ``subject``."""
    from django.contrib.contenttypes.models import ContentType

    return AgendaItem.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk
    ).exists()
