"""Drafts of a section's text, saved by the editor page every few seconds. A draft is the
editor's own: nobody else sees it, it makes no revision and no audit entry; saving the
section (a revision) removes it."""

from typing import Any

from django.db import transaction

from .. import markup
from ..models import Revision, Section, SectionDraft
from .base import _is_user, refuse_unless_editable


@transaction.atomic
def draft_save(
    *, actor: Any, section: Section, text: str, base_revision: int | None
) -> SectionDraft:
    refuse_unless_editable(section)
    base = (
        Revision.objects.filter(pk=base_revision, section=section).first()
        if base_revision and 0 < base_revision < 2**63
        else None
    )
    draft, _created = SectionDraft.objects.update_or_create(
        section=section,
        created_by=actor if _is_user(actor) else None,
        defaults={"text": markup.clean(text), "base_revision": base},
    )
    return draft


def draft_for(*, actor: Any, section: Section) -> SectionDraft | None:
    """The actor's draft of the section when it says something the current text does not."""
    if not _is_user(actor):
        return None
    draft = SectionDraft.objects.filter(section=section, created_by=actor).first()
    if draft is None or draft.text == section.text:
        return None
    return draft


def draft_discard(*, actor: Any, section: Section) -> None:
    if _is_user(actor):
        SectionDraft.objects.filter(section=section, created_by=actor).delete()
