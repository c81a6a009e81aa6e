"""Amendments to a paragraph: proposed, accepted, rejected or merged by hand."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.accounts.actors import acting_user
from zemlyaki.core.actors import Actor
from zemlyaki.core.services import AuditAction, audit_record, model_snapshot

from .. import markup
from ..models import (
    Amendment,
    AmendmentStatus,
    Revision,
    Section,
)
from .base import (
    AMENDABLE,
    WorkflowError,
    refuse_if_retired,
    refuse_unless_amendable,
)
from .revisions import _stale, _StaleInside, _write_revision


@transaction.atomic
def amendment_create(
    *, actor: Actor | None, section: Section, paragraph: int, proposed: str, justification: str
) -> Amendment:
    section = Section.objects.select_related("current_revision").get(pk=section.pk)
    refuse_unless_amendable(section)
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
        author=acting_user(actor),
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


def _decide(amendment: Amendment, actor: Actor | None, status: str, **fields: Any) -> None:
    before = {"status": amendment.status}
    amendment.status = status
    amendment.decided_by = acting_user(actor)
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
def amendment_accept(*, actor: Actor | None, amendment: Amendment) -> Revision:
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
def amendment_reject(*, actor: Actor | None, amendment: Amendment, reason: str) -> Amendment:
    if not reason.strip():
        raise ValidationError({"reason": [_("Укажите причину отклонения.")]})
    amendment, _section = _locked_amendment(amendment)
    _decide(amendment, actor, AmendmentStatus.REJECTED, reason=reason.strip())
    return amendment


def amendment_merge(
    *, actor: Actor | None, amendment: Amendment, text: str, base_revision: int | Revision | None
) -> Revision:
    """The owner's own wording of the whole section, taking the amendment into account."""
    base_id = base_revision.pk if isinstance(base_revision, Revision) else base_revision
    text = markup.clean(text)
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
