"""Documents and their sections: creation, settings, numbering, deadlines."""

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from zemlyaki.accounts.actors import acting_user
from zemlyaki.core.actors import Actor
from zemlyaki.core.services import AuditAction, audit_record, audit_update, model_snapshot
from zemlyaki.core.text import slugify_ru

from ..models import (
    Document,
    DocumentKind,
    DocumentStatus,
    Revision,
    Section,
    SectionStatus,
)
from .base import (
    WorkflowError,
)


def _unique_slug(base: str) -> str:
    base = (base or "dokument")[:70]
    slug, n = base, 2
    while Document.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


@transaction.atomic
def document_create(
    *,
    actor: Actor | None,
    title: str,
    kind: str = DocumentKind.STRATEGY,
    slug: str = "",
    period_from: int | None = None,
    period_to: int | None = None,
    reviewing_body: Any = None,
    with_sections: bool = True,
    is_demo: bool = False,
) -> Document:
    """A new document; a strategy starts with the six sections of the proposal."""
    from ..templates_seed import STRATEGY_SECTIONS

    document = Document(
        kind=kind,
        title=title,
        slug=slug or _unique_slug(slugify_ru(title, 70)),
        period_from=period_from,
        period_to=period_to,
        reviewing_body=reviewing_body,
        is_demo=is_demo,
    )
    document.full_clean()
    document.save()
    audit_record(
        actor=actor, action=AuditAction.CREATE, instance=document, after=model_snapshot(document)
    )
    if with_sections and kind == DocumentKind.STRATEGY:
        for title_, guidance in STRATEGY_SECTIONS:
            section_create(
                actor=actor, document=document, title=title_, guidance=guidance, is_demo=is_demo
            )
    return document


@transaction.atomic
def document_update(*, actor: Actor | None, document: Document, **fields: Any) -> Document:
    allowed = {"title", "period_from", "period_to", "reviewing_body"}
    if set(fields) - allowed:
        raise TypeError(f"unknown fields: {sorted(set(fields) - allowed)}")
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.status == DocumentStatus.APPROVED:
        raise WorkflowError(_("Документ утверждён: изменить его нельзя."))
    before = model_snapshot(document)
    for name, value in fields.items():
        setattr(document, name, value)
    document.full_clean()
    document.save()
    after = model_snapshot(document)
    audit_update(actor=actor, instance=document, before=before, after=after)
    return document


def document_renumber(document: Document) -> None:
    """Numbers from the tree: 1, 2, 2.1, 2.2, 3 ... (retired sections keep their last one)."""
    sections = list(
        Section.objects.filter(document=document, retired_at__isnull=True).order_by("order", "pk")
    )
    children: dict[int | None, list[Section]] = {}
    for section in sections:
        children.setdefault(section.parent_id, []).append(section)

    def walk(parent_id: int | None, prefix: str) -> None:
        for index, section in enumerate(children.get(parent_id, []), start=1):
            number = f"{prefix}{index}"
            if section.number != number:
                Section.objects.filter(pk=section.pk).update(number=number)
            walk(section.pk, f"{number}.")

    walk(None, "")


@transaction.atomic
def section_create(
    *,
    actor: Actor | None,
    document: Document,
    title: str,
    guidance: str = "",
    parent: Section | None = None,
    owner: Any = None,
    owner_body: Any = None,
    deadline: datetime.date | None = None,
    text: str = "",
    is_demo: bool = False,
) -> Section:
    if document.status == DocumentStatus.APPROVED:
        raise WorkflowError(_("Документ утверждён: добавить раздел нельзя."))
    last = Section.objects.filter(document=document, parent=parent).aggregate(m=Max("order"))["m"]
    section = Section(
        document=document,
        parent=parent,
        order=(last or 0) + 1,
        title=title,
        guidance=guidance,
        owner=owner,
        owner_body=owner_body,
        deadline=deadline,
        is_demo=is_demo,
    )
    section.full_clean()
    section.save()
    revision = Revision.objects.create(
        section=section, number=1, text=text, author=acting_user(actor),
        comment=_("Раздел создан"),
    )  # fmt: skip
    Section.objects.filter(pk=section.pk).update(current_revision=revision)
    section.current_revision = revision
    document_renumber(document)
    section.refresh_from_db(fields=["number"])
    audit_record(
        actor=actor, action=AuditAction.CREATE, instance=section, after=model_snapshot(section)
    )
    return section


SETTINGS_FIELDS = {"title", "guidance", "owner", "owner_body", "deadline", "plan_task"}


@transaction.atomic
def section_update_settings(*, actor: Actor | None, section: Section, **fields: Any) -> Section:
    """Owner, owning body, deadline (or the plan task that sets it), title, guidance."""
    if set(fields) - SETTINGS_FIELDS:
        raise TypeError(f"unknown fields: {sorted(set(fields) - SETTINGS_FIELDS)}")
    section = Section.objects.select_for_update().get(pk=section.pk)
    if section.status == SectionStatus.APPROVED:
        raise WorkflowError(_("Раздел утверждён: изменить его нельзя."))
    before = model_snapshot(section, SETTINGS_FIELDS)
    for name, value in fields.items():
        setattr(section, name, value)
    section.full_clean()
    section.save()
    after = model_snapshot(section, SETTINGS_FIELDS)
    audit_update(actor=actor, instance=section, before=before, after=after)
    return section


def _task_due(task: Any) -> datetime.date | None:
    for name in ("due_date", "due", "deadline", "due_on"):
        value = getattr(task, name, None)
        if isinstance(value, datetime.date):
            return value
    return None


def section_deadline(section: Section) -> datetime.date | None:
    """The section's own deadline, or the due date of its plan task."""
    if section.deadline:
        return section.deadline
    task = section.plan_task
    return _task_due(task) if task is not None else None
