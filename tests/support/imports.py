"""One way for tests to run a member list import from the upload to the end, so that a
change of the import's flow is adapted here and nowhere else."""

from typing import Any

from django.core.exceptions import ValidationError
from django.test import TestCase

from zemlyaki.people import importing
from zemlyaki.people.models import ImportStatus, MemberImport


def preview_import(
    actor: Any,
    association: Any,
    file_name: str,
    content: bytes,
    mapping: dict[str, str] | None = None,
) -> MemberImport:
    """Upload a list and let its reading build the preview (``ValidationError`` if the file
    is refused, at the upload or when it is read in the background)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        member_import = importing.import_create(
            actor=actor,
            association=association,
            file_name=file_name,
            content=content,
            mapping=mapping,
        )
    member_import.refresh_from_db()
    if member_import.status in (ImportStatus.FAILED, ImportStatus.MAPPING):
        raise ValidationError({"file": [member_import.failure]}, code="read")
    return member_import


def run_import(
    actor: Any,
    association: Any,
    file_name: str,
    content: bytes,
    mapping: dict[str, str] | None = None,
    on_match: str = "fill",
) -> MemberImport:
    """Upload, preview and apply a list; the import as it stands when it is done."""
    member_import = preview_import(actor, association, file_name, content, mapping)
    with TestCase.captureOnCommitCallbacks(execute=True):
        done = importing.import_commit(actor=actor, member_import=member_import, on_match=on_match)
    done.refresh_from_db()
    return done
