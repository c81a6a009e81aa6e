"""What the strategy app holds about a person of the registry, for «Мои данные» and for
the erasure of their data (``core.registries.personal_data``).

Comments and amendments are part of the discussion of a document: on erasure their text
stays, but they lose their author (shown as «удалённый участник») and the comments no
longer mention the person. A member's position in a review of a section is the record of
a body's work: it keeps pointing to the card, which the people app anonymises."""

from typing import Any

from django.utils.translation import gettext_lazy

from zemlyaki.core.actors import Actor
from zemlyaki.core.personal_data import audit_forget
from zemlyaki.core.registries import PersonalDataHolder

from .models import Amendment, Comment, Position, SectionDraft


def _d(value: Any) -> Any:
    return value.isoformat() if value else None


def _comments(person: Any, user: Any) -> Any:
    mentioned = Comment.objects.filter(mentions=person)
    mine = Comment.objects.filter(author=user) if user is not None else Comment.objects.none()
    return (mine | mentioned).distinct().select_related("section").order_by("created_at", "pk")


def comments_export(person: Any, user: Any) -> list[dict[str, Any]]:
    return [
        {
            "section": str(c.section),
            "author": bool(user is not None and c.author_id == user.pk),
            "text": c.text,
            "created_at": _d(c.created_at),
        }
        for c in _comments(person, user)
    ]


def comments_erase(person: Any, user: Any, actor: Actor | None) -> int:
    """Comments keep their text and lose their author and the mention of the person."""
    ids = set(_comments(person, user).values_list("pk", flat=True))
    audit_forget(Comment.objects.filter(pk__in=ids), person=person, user=user)
    if user is not None:
        Comment.objects.filter(author=user).update(author=None)
    Comment.mentions.through.objects.filter(person_id=person.pk).delete()
    return len(ids)


def amendments_export(person: Any, user: Any) -> list[dict[str, Any]]:
    if user is None:
        return []
    amendments = Amendment.objects.filter(author=user).select_related("section")
    return [
        {
            "section": str(a.section),
            "paragraph": a.paragraph,
            "proposed": a.proposed,
            "justification": a.justification,
            "status": a.get_status_display(),
            "created_at": _d(a.created_at),
        }
        for a in amendments.order_by("created_at", "pk")
    ]


def amendments_erase(person: Any, user: Any, actor: Actor | None) -> int:
    if user is None:
        return 0
    ids = list(Amendment.objects.filter(author=user).values_list("pk", flat=True))
    audit_forget(Amendment.objects.filter(pk__in=ids), person=person, user=user)
    return int(Amendment.objects.filter(pk__in=ids).update(author=None))


def positions_export(person: Any, user: Any) -> list[dict[str, Any]]:
    positions = Position.objects.filter(person=person).select_related("round__section")
    return [
        {
            "section": str(p.round.section),
            "stance": p.get_stance_display(),
            "text": p.text,
            "updated_at": _d(p.updated_at),
        }
        for p in positions.order_by("pk")
    ]


def positions_erase(person: Any, user: Any, actor: Actor | None) -> int:
    """Kept as the record of the review; the anonymised card names nobody, nor does the
    log of the positions any more."""
    audit_forget(Position.objects.filter(person=person), person=person, user=user)
    return 0


def drafts_export(person: Any, user: Any) -> list[dict[str, Any]]:
    if user is None:
        return []
    drafts = SectionDraft.objects.filter(created_by=user).select_related("section")
    return [
        {"section": str(d.section), "updated_at": _d(d.updated_at), "text": d.text}
        for d in drafts.order_by("pk")
    ]


def drafts_erase(person: Any, user: Any, actor: Any) -> int:
    """Unsaved drafts are the person's own and nobody else's: they go."""
    if user is None:
        return 0
    deleted, _by_model = SectionDraft.objects.filter(created_by=user).delete()
    return int(deleted)


HOLDERS = [
    PersonalDataHolder(
        "strategy.comments",
        gettext_lazy("Замечания к разделам стратегии"),
        comments_export,
        comments_erase,
    ),
    PersonalDataHolder(
        "strategy.amendments",
        gettext_lazy("Поправки к разделам стратегии"),
        amendments_export,
        amendments_erase,
    ),
    PersonalDataHolder(
        "strategy.positions",
        gettext_lazy("Позиции при рассмотрении разделов"),
        positions_export,
        positions_erase,
    ),
    PersonalDataHolder(
        "strategy.drafts",
        gettext_lazy("Несохранённые черновики разделов стратегии"),
        drafts_export,
        drafts_erase,
    ),
]
