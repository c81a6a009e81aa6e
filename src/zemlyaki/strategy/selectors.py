"""Reads of the strategy documents."""

import datetime
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from zemlyaki.plan.models import Task

from .models import (
    Amendment,
    AmendmentStatus,
    Comment,
    Document,
    DocumentStatus,
    DocumentVersion,
    Position,
    ReviewRound,
    Revision,
    Section,
    SectionStatus,
)


def document_list(*, user: Any = None, q: str = "", kind: str = "") -> QuerySet[Document]:
    """Documents; those who do not take part in the work see only the approved ones."""
    qs = (
        Document.objects.visible_to(user)
        .annotate(section_count=Count("sections", filter=Q(sections__retired_at__isnull=True)))
        .order_by("-created_at")
    )
    if kind:
        qs = qs.filter(kind=kind)
    if q.strip():
        from zemlyaki.core.text import fold

        # titles are few and short: fold in Python so that Cyrillic case matches on SQLite too
        wanted = fold(q.strip())
        ids = [d.pk for d in qs.only("pk", "title") if wanted in fold(d.title)]
        qs = qs.filter(pk__in=ids)
    return qs


def _count(model: Any, **filters: Any) -> Coalesce:
    sub = (
        model.objects.filter(section=OuterRef("pk"), **filters)
        .order_by()
        .values("section")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(sub, output_field=IntegerField()), 0)


def _open_positions() -> Coalesce:
    sub = (
        Position.objects.filter(round__section=OuterRef("pk"), round__closed_at__isnull=True)
        .order_by()
        .values("round__section")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(sub, output_field=IntegerField()), 0)


def section_rows(document: Document) -> list[Section]:
    """Sections of a document for its dashboard: owner, body, counts, deadline and slip."""
    sections: list[Section] = list(
        # Through the document's manager: each section knows its document without a query.
        document.sections.filter(retired_at__isnull=True)
        .select_related("owner", "owner_body", "current_revision")
        .annotate(
            open_comments=_count(Comment, parent__isnull=True, resolved_at__isnull=True),
            pending_amendments=_count(Amendment, status=AmendmentStatus.PENDING),
            positions_now=_open_positions(),
        )
        .prefetch_related(
            Prefetch(
                "rounds",
                queryset=ReviewRound.objects.filter(closed_at__isnull=True).select_related("body"),
                to_attr="open_rounds",
            )
        )
        .order_by("order", "pk")
    )
    _attach_deadlines(sections)
    from .assembly import _ordered

    return [s for s, _level in _ordered(sections)]


def _attach_deadlines(sections: list[Section]) -> None:
    from .services import _task_due

    ids = {s.plan_task_id for s in sections if s.plan_task_id and not s.deadline}
    tasks: dict[int, Any] = {}
    if ids:
        tasks = {t.pk: t for t in Task.objects.filter(pk__in=ids)}
    today = timezone.localdate()
    for section in sections:
        due = section.deadline
        if due is None and section.plan_task_id in tasks:
            due = _task_due(tasks[section.plan_task_id])
        section.effective_deadline = due  # type: ignore[attr-defined]  # computed for the template
        done = section.status in (SectionStatus.AGREED, SectionStatus.APPROVED)
        section.slip_days = (  # type: ignore[attr-defined]  # computed for the template
            (today - due).days if due and not done and due < today else 0
        )


def outline(document: Document) -> list[tuple[Section, int]]:
    """The sections still in the outline, in order, each with its level (1 = top)."""
    from .assembly import _ordered

    return _ordered(
        list(
            Section.objects.filter(document=document, retired_at__isnull=True).select_related(
                "current_revision"
            )
        )
    )


def retired_sections(document: Document) -> QuerySet[Section]:
    """Sections taken out of the outline, kept with their history."""
    return Section.objects.filter(document=document, retired_at__isnull=False).order_by(
        "-retired_at", "-pk"
    )


def section_history(section: Section) -> dict[str, Any]:
    """What the history page of a section shows besides the audit log."""
    from .models import Transition

    return {
        "revisions": list(revision_list(section)),
        "transitions": list(
            Transition.objects.filter(section=section)
            .select_related("actor")
            .order_by("created_at", "pk")
        ),
    }


def section_get(pk: int) -> Section:
    return Section.objects.select_related(
        "document", "document__reviewing_body", "owner", "owner_body", "current_revision",
        "current_revision__author",
    ).get(pk=pk)  # fmt: skip


def revision_list(section: Section) -> QuerySet[Revision]:
    return (
        Revision.objects.filter(section=section)
        .select_related("author", "amendment")
        .order_by("-number")
    )


def comment_threads(section: Section) -> list[Comment]:
    """Top-level comments with their replies and mentions, oldest first."""
    replies = (
        Comment.objects.select_related("author")
        .prefetch_related("mentions")
        .order_by("created_at", "pk")
    )
    return list(
        Comment.objects.filter(section=section, parent__isnull=True)
        .select_related("author", "resolved_by")
        .prefetch_related("mentions", Prefetch("replies", queryset=replies))
        .order_by("created_at", "pk")
    )


def amendment_list(section: Section, *, status: str = "") -> QuerySet[Amendment]:
    qs = Amendment.objects.filter(section=section).select_related("author", "decided_by")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("created_at", "pk")


def current_round(section: Section) -> ReviewRound | None:
    return (
        ReviewRound.objects.filter(section=section, closed_at__isnull=True)
        .select_related("body")
        .prefetch_related(
            Prefetch("positions", queryset=Position.objects.select_related("person").order_by("pk"))
        )
        .first()
    )


def round_members(review: ReviewRound) -> list[Any]:
    """Current members of the reviewing body with the position each recorded (or None)."""
    from zemlyaki.governance.models import BodyMember

    today = timezone.localdate()
    members = (
        BodyMember.objects.filter(body=review.body)
        .exclude(since__gt=today)
        .exclude(until__lt=today)
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
    )
    positions = {p.person_id: p for p in review.positions.all()}
    return [{"member": m, "position": positions.get(m.person_id)} for m in members]


def approved_version(document: Document) -> DocumentVersion | None:
    return document.versions.order_by("-number").first()


def public_document(slug: str) -> tuple[Document, DocumentVersion]:
    """An approved document by its stable address; DoesNotExist for drafts."""
    document = Document.objects.get(slug=slug, status=DocumentStatus.APPROVED)
    version = approved_version(document)
    if version is None:  # pragma: no cover - approval always writes a version
        raise Document.DoesNotExist
    return document, version


def overdue(sections: list[Section]) -> list[Section]:
    return [s for s in sections if getattr(s, "slip_days", 0) > 0]


def people_for_mentions() -> QuerySet[Any]:
    from zemlyaki.people.models import Person

    return Person.objects.filter(Q(user__isnull=False) | ~Q(email="")).order_by(
        "last_name", "first_name"
    )


def today() -> datetime.date:
    return timezone.localdate()


def strategy_progress() -> dict[str, Any]:
    """The strategy's progress for the public: sections agreed or approved of all current
    sections of the newest strategy document (``{"done": 0, "total": 0}`` without one)."""
    from .models import DocumentKind, SectionStatus

    document = Document.objects.filter(kind=DocumentKind.STRATEGY).order_by("-pk").first()
    if document is None:
        return {"done": 0, "total": 0, "percent": 0, "document": None}
    sections = Section.objects.filter(document=document, retired_at__isnull=True)
    total = sections.count()
    done = sections.filter(status__in=[SectionStatus.AGREED, SectionStatus.APPROVED]).count()
    percent = round(100 * done / total) if total else 0
    return {"done": done, "total": total, "percent": percent, "document": document}


def public_documents() -> QuerySet[Document]:
    """Approved documents with a version: what the public site shows and lists."""
    return (
        Document.objects.filter(status=DocumentStatus.APPROVED, versions__isnull=False)
        .distinct()
        .order_by("kind", "title")
    )
