"""Exported files of approved versions: public for the version in force of an approved
document, otherwise for those who may see the document."""

from django.db.models import Q
from django.http import HttpRequest

from zemlyaki.core.protected_files import Download, register

from . import selectors
from .models import DocumentStatus, DocumentVersion


def version_file(request: HttpRequest, name: str) -> Download | None:
    found = (
        DocumentVersion.objects.filter(Q(docx_file=name) | Q(pdf_file=name))
        .select_related("document")
        .first()
    )
    if found is None:
        return None
    document = found.document
    in_force = (
        document.status == DocumentStatus.APPROVED and selectors.approved_version(document) == found
    )
    if not in_force and not request.user.has_perm("strategy.view_document", document):
        return None
    field = found.docx_file if found.docx_file.name == name else found.pdf_file
    return Download(field, filename=document.slug)


register("strategy/", version_file)
