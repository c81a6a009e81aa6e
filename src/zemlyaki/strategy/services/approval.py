"""Approval of a whole document by an event's decision, and the published files."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from zemlyaki.accounts.actors import acting_user
from zemlyaki.core.actors import Actor
from zemlyaki.core.services import AuditAction, audit_record

from ..models import (
    Document,
    DocumentStatus,
    DocumentVersion,
    Section,
    SectionStatus,
    Transition,
)
from .base import (
    WorkflowError,
)


def _decision_ref(decision: Any) -> tuple[str, str, str]:
    if decision is None or getattr(decision, "pk", None) is None:
        raise ValidationError({"decision": [_("Утверждение требует решения мероприятия.")]})
    return decision._meta.label_lower, str(decision.pk), str(decision)[:500]


@transaction.atomic
def document_approve(*, document: Document, actor: Actor | None, decision: Any) -> DocumentVersion:
    """Approve the whole document by a decision of an event (a general meeting or a round
    table): every section must be agreed; the texts and the live inserts are frozen into a
    version that is published with its DOCX and PDF."""
    from .. import assembly, tasks

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
        approved_by=acting_user(actor),
    )
    for section in sections:
        Transition.objects.create(
            section=section,
            from_status=section.status,
            to_status=SectionStatus.APPROVED,
            actor=acting_user(actor),
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

    from .. import assembly, exports

    assembled = assembly.from_version(version)
    base = f"{version.document.slug}-v{version.number}"
    version.docx_file.save(f"{base}.docx", ContentFile(exports.to_docx(assembled)), save=False)
    version.pdf_file.save(f"{base}.pdf", ContentFile(exports.to_pdf(assembled)), save=False)
    version.save(update_fields=["docx_file", "pdf_file"])
    return version
