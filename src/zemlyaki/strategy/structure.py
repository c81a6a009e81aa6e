"""The outline of a document: sections added, renamed, reordered and removed.

Every change of the outline locks the document row first, so two editors changing the
same outline at once take turns; positions among siblings are unique in the database
(constraints on ``Section``), and a reorder rewrites them in one transaction.

A section whose text was agreed by the reviewing body or approved with the document, or
that a meeting discussed, is part of the record: removing it retires it instead (hidden
from the outline and the exports, kept with its revisions and history). Permission is checked by the callers
(``strategy.change_structure``).
"""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.core.actors import Actor
from zemlyaki.core.services import AuditAction, audit_record, audit_update, model_snapshot
from zemlyaki.events.selectors import is_discussed

from .models import Document, DocumentStatus, ReviewRound, Section, SectionStatus, Transition
from .services import WorkflowError, document_renumber, section_create

RECORDED_STATES = (SectionStatus.AGREED, SectionStatus.APPROVED)


def _locked_document(document: Document) -> Document:
    locked = Document.objects.select_for_update().get(pk=document.pk)
    if locked.status == DocumentStatus.APPROVED:
        raise WorkflowError(_("Документ утверждён: менять его структуру нельзя."))
    return locked


def _outline(document: Document) -> list[str]:
    """The visible outline as it reads: numbers and titles, for the audit record."""
    from .assembly import _ordered

    active = list(Section.objects.filter(document=document, retired_at__isnull=True))
    return [str(section) for section, _level in _ordered(active)]


def has_approved_revision(section: Section) -> bool:
    """True when a text of the section was agreed or approved, now or before."""
    if section.status in RECORDED_STATES:
        return True
    return Transition.objects.filter(section=section, to_status__in=RECORDED_STATES).exists()


@transaction.atomic
def section_add(
    *,
    actor: Actor | None,
    document: Document,
    title: str,
    guidance: str = "",
    parent: Section | None = None,
    text: str = "",
    is_demo: bool = False,
) -> Section:
    """A new section at the end of its level (top level, or under ``parent``)."""
    document = _locked_document(document)
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("Укажите заголовок раздела.")]
    if parent is not None and (parent.document_id != document.pk or parent.retired_at):
        errors["parent"] = [
            _("Раздел может входить только в действующий раздел того же документа.")
        ]
    if errors:
        raise ValidationError(errors)
    section = section_create(
        actor=actor,
        document=document,
        title=title.strip(),
        guidance=guidance.strip(),
        parent=parent,
        text=text,
        is_demo=is_demo,
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=document,
        after={"outline": _outline(document)},
        comment=_("Добавлен раздел «%(title)s»") % {"title": section.title},
    )
    return section


@transaction.atomic
def section_rename(
    *, actor: Actor | None, section: Section, title: str, guidance: str | None = None
) -> Section:
    """A new title (and, when given, new guidance) of a section still in the outline."""
    _locked_document(section.document)
    section = Section.objects.select_for_update().get(pk=section.pk)
    if section.retired_at:
        raise WorkflowError(_("Раздел выведен из структуры: переименовать его нельзя."))
    if section.status == SectionStatus.APPROVED:
        raise WorkflowError(_("Раздел утверждён: изменить его нельзя."))
    if not title.strip():
        raise ValidationError({"title": [_("Укажите заголовок раздела.")]})
    fields = {"title", "guidance"}
    before = model_snapshot(section, fields)
    section.title = title.strip()
    if guidance is not None:
        section.guidance = guidance.strip()
    section.full_clean()
    section.save(update_fields=["title", "guidance", "updated_at"])
    audit_update(
        actor=actor, instance=section, before=before, after=model_snapshot(section, fields)
    )
    return section


def _siblings(document: Document, parent_id: int | None) -> list[Section]:
    return list(
        Section.objects.select_for_update()
        .filter(document=document, parent_id=parent_id)
        .order_by("order", "pk")
    )


def _place(sections: list[Section]) -> None:
    """Write positions 1..n in the given order without ever holding two rows at one
    position: first above every position in use, then the final ones."""
    if not sections:
        return
    base = max(s.order for s in sections) + len(sections) + 1
    for index, section in enumerate(sections):
        section.order = base + index
    Section.objects.bulk_update(sections, ["order"])
    for index, section in enumerate(sections, start=1):
        section.order = index
    Section.objects.bulk_update(sections, ["order"])


def _reorder_locked(
    actor: Actor | None, document: Document, siblings: list[Section], ids: Sequence[int]
) -> None:
    active = [s for s in siblings if s.retired_at is None]
    current = [s.pk for s in active]
    if len(set(ids)) != len(ids) or sorted(ids) != sorted(current):
        raise ValidationError(
            {
                "order": [
                    _(
                        "Порядок не совпадает с нынешним составом разделов (его мог изменить "
                        "другой участник): обновите страницу и повторите."
                    )
                ]
            }
        )
    if list(ids) == current:
        return
    before = _outline(document)
    by_pk = {s.pk: s for s in siblings}
    _place([by_pk[pk] for pk in ids] + [s for s in siblings if s.retired_at is not None])
    document_renumber(document)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=document,
        before={"outline": before},
        after={"outline": _outline(document)},
        comment=_("Изменён порядок разделов"),
    )


@transaction.atomic
def section_reorder(
    *, actor: Actor | None, document: Document, order: Sequence[int], parent: Section | None = None
) -> None:
    """Put the sections of one level (top level, or under ``parent``) in the given order.

    ``order`` lists the ids of every section of that level still in the outline; a list
    made from an outline that has changed meanwhile is refused, nothing is moved."""
    document = _locked_document(document)
    try:
        ids = [int(pk) for pk in order]
    except (TypeError, ValueError):
        raise ValidationError({"order": [_("Порядок — список номеров разделов.")]}) from None
    siblings = _siblings(document, parent.pk if parent is not None else None)
    _reorder_locked(actor, document, siblings, ids)


@transaction.atomic
def section_move(*, actor: Actor | None, section: Section, offset: int) -> Section:
    """Move a section up (``offset`` < 0) or down among its siblings."""
    document = _locked_document(section.document)
    siblings = _siblings(document, section.parent_id)
    ids = [s.pk for s in siblings if s.retired_at is None]
    if section.pk not in ids:
        raise WorkflowError(_("Раздел выведен из структуры: переместить его нельзя."))
    index = ids.index(section.pk)
    target = max(0, min(len(ids) - 1, index + offset))
    if target != index:
        ids.insert(target, ids.pop(index))
        _reorder_locked(actor, document, siblings, ids)
    return Section.objects.get(pk=section.pk)


@transaction.atomic
def section_remove(*, actor: Actor | None, section: Section) -> bool:
    """Delete a section that has never had an agreed or approved text; retire one that has.

    Returns True when the section was retired (kept), False when it was deleted."""
    document = _locked_document(section.document)
    section = Section.objects.select_for_update().get(pk=section.pk)
    if section.retired_at:
        raise WorkflowError(_("Раздел уже выведен из структуры документа."))
    children = list(Section.objects.filter(parent=section))
    if any(child.retired_at is None for child in children):
        raise WorkflowError(_("В разделе есть подразделы: сначала удалите или перенесите их."))
    title = str(section)
    before = _outline(document)
    retire = has_approved_revision(section) or bool(children) or is_discussed(section)
    if retire:
        section.retired_at = timezone.now()
        section.save(update_fields=["retired_at", "updated_at"])
        # a review still open ends with the section
        ReviewRound.objects.filter(section=section, closed_at__isnull=True).update(
            closed_at=section.retired_at, outcome="retired"
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=section,
            before={"retired_at": None},
            after={"retired_at": section.retired_at},
            comment=_("Раздел выведен из структуры документа"),
        )
        comment = _("Раздел «%(title)s» выведен из структуры (его история сохранена)")
    else:
        audit_record(
            actor=actor,
            action=AuditAction.DELETE,
            instance=section,
            before=model_snapshot(section),
        )
        # the current revision is protected; it goes together with the section
        Section.objects.filter(pk=section.pk).update(current_revision=None)
        section.delete()
        comment = _("Раздел «%(title)s» удалён")
    document_renumber(document)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=document,
        before={"outline": before},
        after={"outline": _outline(document)},
        comment=comment % {"title": title},
    )
    return retire
