"""Writes of the strategy documents: sections and their revisions, review (comments,
amendments, positions), the section workflow, and approval by an event's decision.

Permission is checked by the callers (views and API, through ``rules.py``); these
functions guard the states: a wrong transition or a stale save is refused here, whoever asks.
"""

import datetime
import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.core.services import AuditAction, audit_record, audit_update, model_snapshot
from zemlyaki.core.text import slugify_ru
from zemlyaki.core.urls_public import absolute_url
from zemlyaki.governance.services import quorum_check

from . import markup
from .models import (
    Amendment,
    AmendmentStatus,
    Comment,
    ConflictCopy,
    Document,
    DocumentKind,
    DocumentStatus,
    DocumentVersion,
    Position,
    ReviewRound,
    Revision,
    Section,
    SectionStatus,
    Stance,
    Transition,
)

log = logging.getLogger(__name__)

DEFAULT_REVIEW_DAYS = 14
EDITABLE = {SectionStatus.DRAFT, SectionStatus.REWORK}
AMENDABLE = {SectionStatus.DRAFT, SectionStatus.REVIEW, SectionStatus.REWORK}


class StaleRevision(Exception):
    """A save based on a revision that is no longer current. The refused text is kept
    in ``conflict`` and the current revision is in ``current``."""

    def __init__(self, *, current: Revision | None, conflict: ConflictCopy, yours: str) -> None:
        super().__init__(
            _(
                "Раздел уже изменён другим участником (действующая редакция %(number)s): "
                "ваш текст не сохранён поверх, сравните тексты и внесите правку заново."
            )
            % {"number": current.number if current else "—"}
        )
        self.current = current
        self.conflict = conflict
        self.yours = yours


class WorkflowError(Exception):
    """A transition or an action the section's state does not allow; the message says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def refuse_if_retired(section: Section) -> None:
    """A section taken out of the outline is kept for the record, not worked on."""
    if section.retired_at is not None:
        raise WorkflowError(_("Раздел выведен из структуры документа: работа с ним закончена."))


# ------------------------------------------------------------------ documents, sections


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
    actor: Any,
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
    from .templates_seed import STRATEGY_SECTIONS

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
def document_update(*, actor: Any, document: Document, **fields: Any) -> Document:
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
    actor: Any,
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
        section=section, number=1, text=text, author=actor if _is_user(actor) else None,
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
def section_update_settings(*, actor: Any, section: Section, **fields: Any) -> Section:
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


# ------------------------------------------------------------------ revisions


def _is_user(actor: Any) -> bool:
    return bool(getattr(actor, "is_authenticated", False))


def _section_locked(section: Section, base_revision_id: int | None) -> Section:
    locked = (
        Section.objects.select_for_update(of=("self",))
        .select_related("current_revision")
        .get(pk=section.pk)
    )
    refuse_if_retired(locked)
    return locked


def _stale(section_id: int, actor: Any, base_revision_id: int | None, text: str) -> StaleRevision:
    """Keep the refused text in its own transaction and build the refusal."""
    section = Section.objects.select_related("current_revision").get(pk=section_id)
    with transaction.atomic():
        conflict = ConflictCopy.objects.create(
            section=section,
            base_revision_id=base_revision_id,
            current_revision=section.current_revision,
            text=text,
            author=actor if _is_user(actor) else None,
        )
    return StaleRevision(current=section.current_revision, conflict=conflict, yours=text)


def _write_revision(
    *,
    actor: Any,
    section: Section,
    text: str,
    base_revision_id: int | None,
    comment: str,
    amendment: Amendment | None = None,
    restored_from: Revision | None = None,
) -> Revision:
    """Compare-and-swap: the new revision becomes current only if ``base_revision_id`` still is.

    Runs inside the caller's transaction with the section row locked (select_for_update);
    the conditional UPDATE repeats the check in the database itself.
    """
    number = (section.revisions.aggregate(m=Max("number"))["m"] or 0) + 1
    revision = Revision(
        section=section,
        number=number,
        text=text,
        author=actor if _is_user(actor) else None,
        comment=comment[:300],
        amendment=amendment,
        restored_from=restored_from,
    )
    revision.full_clean(exclude=["section", "amendment", "restored_from", "author"])
    revision.save()
    swapped = Section.objects.filter(pk=section.pk, current_revision_id=base_revision_id).update(
        current_revision=revision, updated_at=timezone.now()
    )
    if swapped != 1:
        raise _StaleInside()
    before_number = section.current_revision.number if section.current_revision else None
    section.current_revision = revision
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=section,
        before={"revision": before_number},
        after={"revision": revision.number},
        comment=comment,
    )
    return revision


class _StaleInside(Exception):
    pass


def _refuse_stale(section: Section, base_revision_id: int | None) -> None:
    """The edit did not start from the current revision: a conflict when it started from an
    older revision of this section, a wrong field when there is no such revision."""
    if base_revision_id is not None and not (
        0 < base_revision_id < 2**63
        and Revision.objects.filter(pk=base_revision_id, section_id=section.pk).exists()
    ):
        raise ValidationError({"base_revision": [_("У раздела нет такой редакции.")]})
    raise _StaleInside()


def section_save(
    *,
    actor: Any,
    section: Section,
    text: str,
    base_revision: int | Revision | None,
    comment: str = "",
) -> Revision:
    """Save the text as a new revision, unless ``base_revision`` is no longer the current one:
    then nothing is overwritten, the text is kept as a conflict copy and StaleRevision is raised."""
    base_id = base_revision.pk if isinstance(base_revision, Revision) else base_revision
    try:
        with transaction.atomic():
            locked = _section_locked(section, base_id)
            if locked.status not in EDITABLE:
                raise WorkflowError(
                    _("Раздел в статусе «%(status)s»: править текст нельзя.")
                    % {"status": locked.get_status_display()}
                )
            if locked.current_revision_id != base_id:
                _refuse_stale(locked, base_id)
            if locked.current_revision and locked.current_revision.text == text:
                return locked.current_revision
            return _write_revision(
                actor=actor, section=locked, text=text, base_revision_id=base_id, comment=comment
            )
    except _StaleInside:
        raise _stale(section.pk, actor, base_id, text) from None


def revision_restore(
    *, actor: Any, section: Section, revision: Revision, base_revision: int | Revision | None
) -> Revision:
    """An old revision's text saved again as a new revision that names it."""
    if revision.section_id != section.pk:
        raise ValidationError({"revision": [_("Редакция относится к другому разделу.")]})
    base_id = base_revision.pk if isinstance(base_revision, Revision) else base_revision
    try:
        with transaction.atomic():
            locked = _section_locked(section, base_id)
            if locked.status not in EDITABLE:
                raise WorkflowError(
                    _("Раздел в статусе «%(status)s»: править текст нельзя.")
                    % {"status": locked.get_status_display()}
                )
            if locked.current_revision_id != base_id:
                _refuse_stale(locked, base_id)
            return _write_revision(
                actor=actor,
                section=locked,
                text=revision.text,
                base_revision_id=base_id,
                comment=_("Восстановлена редакция %(number)s") % {"number": revision.number},
                restored_from=revision,
            )
    except _StaleInside:
        raise _stale(section.pk, actor, base_id, revision.text) from None


# ------------------------------------------------------------------ comments


def _site_url(path: str) -> str:
    return absolute_url(path)


def _person_email(person: Any) -> str:
    if person.email:
        return str(person.email)
    user = getattr(person, "user", None)
    return str(user.email) if user is not None and user.email else ""


def _notify_mentions(comment_id: int) -> None:
    from django.core.mail import send_mail

    comment = Comment.objects.select_related("section", "author").get(pk=comment_id)
    path = reverse("strategy:section_detail", kwargs={"pk": comment.section_id})
    anchor = f"#comment-{comment.pk}"
    for person in comment.mentions.select_related("user"):
        address = _person_email(person)
        if not address:
            continue
        subject = _("Вас упомянули в замечании к разделу «%(section)s»") % {
            "section": comment.section.title
        }
        body = _(
            "%(author)s упоминает вас в замечании к разделу «%(section)s»:\n\n%(text)s\n\n"
            "Открыть раздел: %(link)s\n"
        ) % {
            "author": comment.author or _("Участник"),
            "section": comment.section,
            "text": comment.text,
            "link": _site_url(path + anchor),
        }
        try:
            send_mail(subject, body, None, [address])
        except OSError:  # a mail server being down must not break the review
            log.exception("mention mail to %s failed", address)


@transaction.atomic
def comment_create(
    *,
    actor: Any,
    section: Section,
    text: str,
    paragraph: int | None = None,
    parent: Comment | None = None,
    mentions: Iterable[Any] = (),
) -> Comment:
    section = Section.objects.select_related("current_revision").get(pk=section.pk)
    refuse_if_retired(section)
    if section.status == SectionStatus.APPROVED:
        raise WorkflowError(_("Раздел утверждён: замечания больше не принимаются."))
    errors: dict[str, list[str]] = {}
    if not text.strip():
        errors["text"] = [_("Напишите замечание.")]
    quote = ""
    if parent is not None:
        if parent.section_id != section.pk:
            errors["parent"] = [_("Ответ должен относиться к тому же разделу.")]
        paragraph = parent.paragraph
        quote = parent.quote
        if parent.parent_id:  # replies stay one level deep
            parent = parent.parent
    elif paragraph is not None:
        found = markup.paragraph_text(section.text, paragraph)
        if found is None:
            errors["paragraph"] = [_("В разделе нет абзаца с таким номером.")]
        else:
            quote = found
    if errors:
        raise ValidationError(errors)
    comment = Comment(
        section=section,
        revision=section.current_revision,
        paragraph=paragraph,
        quote=quote,
        parent=parent,
        author=actor if _is_user(actor) else None,
        text=text.strip(),
    )
    comment.full_clean(exclude=["revision", "author", "parent"])
    comment.save()
    people = list(mentions)
    if people:
        comment.mentions.set(people)
        transaction.on_commit(lambda: _notify_mentions(comment.pk))
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=comment,
        after={"section": str(section), "paragraph": paragraph, "text": comment.text,
               "mentions": sorted(str(p) for p in people)},
    )  # fmt: skip
    return comment


@transaction.atomic
def comment_resolve(*, actor: Any, comment: Comment) -> Comment:
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.parent_id:
        raise WorkflowError(_("Снимается замечание целиком, а не ответ на него."))
    if comment.resolved_at:
        raise WorkflowError(_("Замечание уже снято."))
    comment.resolved_at = timezone.now()
    comment.resolved_by = actor if _is_user(actor) else None
    comment.save(update_fields=["resolved_at", "resolved_by"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=comment,
        before={"resolved": False},
        after={"resolved": True},
    )
    return comment


# ------------------------------------------------------------------ amendments


@transaction.atomic
def amendment_create(
    *, actor: Any, section: Section, paragraph: int, proposed: str, justification: str
) -> Amendment:
    section = Section.objects.select_related("current_revision").get(pk=section.pk)
    refuse_if_retired(section)
    if section.status not in AMENDABLE:
        raise WorkflowError(
            _("Раздел в статусе «%(status)s»: поправки не принимаются.")
            % {"status": section.get_status_display()}
        )
    errors: dict[str, list[str]] = {}
    original = markup.paragraph_text(section.text, paragraph)
    if original is None:
        errors["paragraph"] = [_("В разделе нет абзаца с таким номером.")]
    if not proposed.strip():
        errors["proposed"] = [_("Напишите предлагаемый текст абзаца.")]
    if not justification.strip():
        errors["justification"] = [_("Обоснуйте поправку.")]
    if original is not None and proposed.strip() == original:
        errors["proposed"] = [_("Предлагаемый текст совпадает с действующим.")]
    if errors:
        raise ValidationError(errors)
    amendment = Amendment.objects.create(
        section=section,
        base_revision=section.current_revision,
        paragraph=paragraph,
        original=original or "",
        proposed=proposed.strip(),
        justification=justification.strip(),
        author=actor if _is_user(actor) else None,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=amendment,
        after=model_snapshot(amendment),
    )
    return amendment


def _locked_amendment(amendment: Amendment) -> tuple[Amendment, Section]:
    section = (
        Section.objects.select_for_update(of=("self",))
        .select_related("current_revision")
        .get(pk=amendment.section_id)
    )
    amendment = Amendment.objects.select_for_update().get(pk=amendment.pk)
    refuse_if_retired(section)
    if amendment.status != AmendmentStatus.PENDING:
        raise WorkflowError(
            _("Поправка уже рассмотрена: %(status)s.") % {"status": amendment.get_status_display()}
        )
    if section.status not in AMENDABLE:
        raise WorkflowError(
            _("Раздел в статусе «%(status)s»: текст изменить нельзя.")
            % {"status": section.get_status_display()}
        )
    return amendment, section


def _decide(amendment: Amendment, actor: Any, status: str, **fields: Any) -> None:
    before = {"status": amendment.status}
    amendment.status = status
    amendment.decided_by = actor if _is_user(actor) else None
    amendment.decided_at = timezone.now()
    for name, value in fields.items():
        setattr(amendment, name, value)
    amendment.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=amendment,
        before=before,
        after={"status": status, **{k: str(v) for k, v in fields.items()}},
    )


@transaction.atomic
def amendment_accept(*, actor: Any, amendment: Amendment) -> Revision:
    """Replace the paragraph with the proposed text, as a revision that names the amendment."""
    amendment, section = _locked_amendment(amendment)
    text = section.text
    found = markup.blocks(text)
    index = amendment.paragraph
    if not (0 <= index < len(found) and found[index].text == amendment.original):
        matches = [b.index for b in found if b.text == amendment.original]
        if len(matches) != 1:
            raise WorkflowError(
                _(
                    "Абзац, к которому внесена поправка, с тех пор изменился: "
                    "примите её вручную (учесть вручную) или отклоните."
                )
            )
        index = matches[0]
    new_text = markup.replace_paragraph(text, index, amendment.proposed)
    revision = _write_revision(
        actor=actor,
        section=section,
        text=new_text,
        base_revision_id=section.current_revision_id,
        comment=_("Принята поправка №%(pk)s") % {"pk": amendment.pk},
        amendment=amendment,
    )
    _decide(amendment, actor, AmendmentStatus.ACCEPTED, result_revision=revision)
    return revision


@transaction.atomic
def amendment_reject(*, actor: Any, amendment: Amendment, reason: str) -> Amendment:
    if not reason.strip():
        raise ValidationError({"reason": [_("Укажите причину отклонения.")]})
    amendment, _section = _locked_amendment(amendment)
    _decide(amendment, actor, AmendmentStatus.REJECTED, reason=reason.strip())
    return amendment


def amendment_merge(
    *, actor: Any, amendment: Amendment, text: str, base_revision: int | Revision | None
) -> Revision:
    """The owner's own wording of the whole section, taking the amendment into account."""
    base_id = base_revision.pk if isinstance(base_revision, Revision) else base_revision
    try:
        with transaction.atomic():
            amendment, section = _locked_amendment(amendment)
            if section.current_revision_id != base_id:
                raise _StaleInside()
            revision = _write_revision(
                actor=actor,
                section=section,
                text=text,
                base_revision_id=base_id,
                comment=_("Поправка №%(pk)s учтена вручную") % {"pk": amendment.pk},
                amendment=amendment,
            )
            _decide(amendment, actor, AmendmentStatus.MERGED, result_revision=revision)
            return revision
    except _StaleInside:
        raise _stale(amendment.section_id, actor, base_id, text) from None


# ------------------------------------------------------------------ workflow

# target → the states it may start from
TRANSITIONS: dict[str, set[str]] = {
    SectionStatus.REVIEW: {SectionStatus.DRAFT, SectionStatus.REWORK},
    SectionStatus.REWORK: {SectionStatus.REVIEW, SectionStatus.AGREED},
    SectionStatus.AGREED: {SectionStatus.REVIEW},
    SectionStatus.DRAFT: set(),
    SectionStatus.APPROVED: set(),
}


def open_round(section: Section) -> ReviewRound | None:
    return (
        ReviewRound.objects.filter(section=section, closed_at__isnull=True)
        .select_related("body")
        .first()
    )


def round_tally(review: ReviewRound) -> dict[str, Any]:
    """Positions of a review, and whether the body's rule (a majority of the positions
    recorded, with the body's quorum of members taking part) is met."""
    counts = dict.fromkeys(Stance.values, 0)
    for stance in review.positions.values_list("stance", flat=True):
        counts[stance] += 1
    present = sum(counts.values())
    quorum_ok, quorum_reason = quorum_check(body=review.body, present=present)
    support = counts[Stance.AGREE] + counts[Stance.AGREE_WITH_REMARKS]
    majority = present > 0 and support * 2 > present
    if not quorum_ok:
        reason = quorum_reason
    elif not majority:
        reason = _("Нет большинства: согласны %(support)s из %(present)s высказавшихся.") % {
            "support": support,
            "present": present,
        }
    else:
        reason = _("Большинство есть: согласны %(support)s из %(present)s высказавшихся. ") % {
            "support": support,
            "present": present,
        } + str(quorum_reason)
    return {
        "counts": counts,
        "present": present,
        "support": support,
        "quorum": quorum_ok,
        "majority": majority,
        "ok": quorum_ok and majority,
        "reason": reason,
    }


def _refuse_transition(section: Section, to: str) -> None:
    sources = TRANSITIONS.get(to)
    if to == SectionStatus.APPROVED:
        raise WorkflowError(
            _(
                "Раздел утверждается вместе со всем документом решением мероприятия "
                "(общего собрания или круглого стола)."
            )
        )
    if sources is None or section.status not in sources:
        raise WorkflowError(
            _("Из статуса «%(from)s» нельзя перевести раздел в статус «%(to)s».")
            % {
                "from": section.get_status_display(),
                "to": SectionStatus(to).label if to in SectionStatus.values else to,
            }
        )


@transaction.atomic
def section_transition(
    *,
    actor: Any,
    section: Section,
    to: str,
    comment: str = "",
    deadline: datetime.date | None = None,
    body: Any = None,
) -> Section:
    """Move a section along черновик → на рассмотрении → на доработке / согласован.

    Submitting opens a review by the document's reviewing body (the expert council) with a
    deadline; agreeing needs the body's rule met by the recorded positions.
    """
    section = (
        Section.objects.select_for_update(of=("self",))
        .select_related("document", "document__reviewing_body", "current_revision")
        .get(pk=section.pk)
    )
    refuse_if_retired(section)
    if to not in SectionStatus.values:
        raise WorkflowError(_("Неизвестный статус «%(to)s».") % {"to": to})
    _refuse_transition(section, to)
    review = open_round(section)
    if to == SectionStatus.REVIEW:
        reviewer = body or section.document.reviewing_body
        if reviewer is None:
            raise WorkflowError(
                _("У документа не назначен орган, рассматривающий разделы (экспертный совет).")
            )
        if not section.text.strip():
            raise WorkflowError(_("Раздел пуст: направлять на рассмотрение нечего."))
        if section.amendments.filter(status=AmendmentStatus.PENDING).exists() and (
            section.status == SectionStatus.REWORK
        ):
            raise WorkflowError(_("Сначала рассмотрите все поправки к разделу."))
        today = timezone.localdate()
        deadline = deadline or today + datetime.timedelta(days=DEFAULT_REVIEW_DAYS)
        if deadline < today:
            raise ValidationError({"deadline": [_("Срок рассмотрения не может быть в прошлом.")]})
        ReviewRound.objects.create(
            section=section, body=reviewer, revision=section.current_revision, deadline=deadline
        )
    elif to == SectionStatus.AGREED:
        if review is None:
            raise WorkflowError(_("Рассмотрение раздела не открыто."))
        tally = round_tally(review)
        if not tally["ok"]:
            raise WorkflowError(
                _("Раздел нельзя считать согласованным: %(reason)s") % {"reason": tally["reason"]}
            )
        if section.amendments.filter(status=AmendmentStatus.PENDING).exists():
            raise WorkflowError(_("Сначала рассмотрите все поправки к разделу."))
    if review is not None and to in (SectionStatus.AGREED, SectionStatus.REWORK):
        review.closed_at = timezone.now()
        review.outcome = to
        review.save(update_fields=["closed_at", "outcome"])
    previous = section.status
    section.status = to
    section.save(update_fields=["status", "updated_at"])
    Transition.objects.create(
        section=section,
        from_status=previous,
        to_status=to,
        actor=actor if _is_user(actor) else None,
        comment=comment,
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=section,
        before={"status": previous},
        after={"status": to},
        comment=comment[:255],
    )
    return section


def person_of(user: Any) -> Any:
    if not _is_user(user):
        return None
    from zemlyaki.people.models import Person

    return Person.objects.filter(user=user).first()


def is_current_member(person: Any, body: Any) -> bool:
    if person is None or body is None:
        return False
    from zemlyaki.governance.models import BodyMember

    today = timezone.localdate()
    return (
        BodyMember.objects.filter(body=body, person=person)
        .exclude(since__gt=today)
        .exclude(until__lt=today)
        .exists()
    )


@transaction.atomic
def position_record(
    *, actor: Any, section: Section, stance: str, text: str = "", person: Any = None
) -> Position:
    """A member of the reviewing body records (or changes) their position in the open review."""
    section = Section.objects.select_for_update().get(pk=section.pk)
    refuse_if_retired(section)
    if section.status != SectionStatus.REVIEW:
        raise WorkflowError(_("Позиции записываются, пока раздел на рассмотрении."))
    review = open_round(section)
    if review is None:  # pragma: no cover - a section under review always has one
        raise WorkflowError(_("Рассмотрение раздела не открыто."))
    if stance not in Stance.values:
        raise ValidationError({"stance": [_("Выберите позицию.")]})
    if stance != Stance.AGREE and not text.strip():
        raise ValidationError({"text": [_("Поясните позицию: замечания или причины несогласия.")]})
    person = person or person_of(actor)
    if not is_current_member(person, review.body):
        raise WorkflowError(
            _("Позицию записывают члены органа «%(body)s».") % {"body": review.body.name}
        )
    try:
        with transaction.atomic():
            position, created = Position.objects.update_or_create(
                round=review,
                person=person,
                defaults={"stance": stance, "text": text.strip(), "recorded_by": actor},
            )
    except IntegrityError:  # pragma: no cover - a parallel first save of the same person
        position = Position.objects.get(round=review, person=person)
        created = False
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        instance=position,
        after={"section": str(section), "stance": stance, "text": position.text},
    )
    return position


# ------------------------------------------------------------------ approval


def _decision_ref(decision: Any) -> tuple[str, str, str]:
    if decision is None or getattr(decision, "pk", None) is None:
        raise ValidationError({"decision": [_("Утверждение требует решения мероприятия.")]})
    return decision._meta.label_lower, str(decision.pk), str(decision)[:500]


@transaction.atomic
def document_approve(*, document: Document, actor: Any, decision: Any) -> DocumentVersion:
    """Approve the whole document by a decision of an event (a general meeting or a round
    table): every section must be agreed; the texts and the live inserts are frozen into a
    version that is published with its DOCX and PDF."""
    from . import assembly, tasks

    decision_type, decision_id, decision_repr = _decision_ref(decision)
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.status == DocumentStatus.APPROVED:
        raise WorkflowError(_("Документ уже утверждён."))
    sections = list(
        Section.objects.select_for_update()
        .filter(document=document, retired_at__isnull=True)
        .order_by("order", "pk")
    )
    if not sections:
        raise WorkflowError(_("В документе нет разделов."))
    not_agreed = [s for s in sections if s.status != SectionStatus.AGREED]
    if not_agreed:
        raise WorkflowError(
            _("Не согласованы разделы: %(list)s.") % {"list": ", ".join(str(s) for s in not_agreed)}
        )
    content = assembly.freeze(document)
    number = (document.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    version = DocumentVersion.objects.create(
        document=document,
        number=number,
        title=document.title,
        period=document.period,
        content=content,
        decision_type=decision_type,
        decision_id=decision_id,
        decision_repr=decision_repr,
        approved_by=actor if _is_user(actor) else None,
    )
    for section in sections:
        Transition.objects.create(
            section=section,
            from_status=section.status,
            to_status=SectionStatus.APPROVED,
            actor=actor if _is_user(actor) else None,
            comment=decision_repr,
        )
    Section.objects.filter(document=document, retired_at__isnull=True).update(
        status=SectionStatus.APPROVED
    )
    document.status = DocumentStatus.APPROVED
    document.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=document,
        before={"status": DocumentStatus.DRAFT},
        after={"status": DocumentStatus.APPROVED, "version": number, "decision": decision_repr},
        comment=decision_repr[:255],
    )
    transaction.on_commit(lambda: tasks.publish_version.enqueue(version.pk))
    return version


def version_publish_files(version: DocumentVersion) -> DocumentVersion:
    """Write the DOCX and the PDF of an approved version to storage."""
    from django.core.files.base import ContentFile

    from . import assembly, exports

    assembled = assembly.from_version(version)
    base = f"{version.document.slug}-v{version.number}"
    version.docx_file.save(f"{base}.docx", ContentFile(exports.to_docx(assembled)), save=False)
    version.pdf_file.save(f"{base}.pdf", ContentFile(exports.to_pdf(assembled)), save=False)
    version.save(update_fields=["docx_file", "pdf_file"])
    return version
