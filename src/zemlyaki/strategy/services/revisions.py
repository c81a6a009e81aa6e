"""Revisions of a section's text: compare-and-swap saves, conflict copies, restores."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.accounts.actors import acting_user
from zemlyaki.core.actors import Actor
from zemlyaki.core.services import AuditAction, audit_record

from .. import markup
from ..models import (
    Amendment,
    ConflictCopy,
    Revision,
    Section,
    SectionDraft,
)
from .base import (
    StaleRevision,
    refuse_if_retired,
    refuse_unless_editable,
)


def _section_locked(section: Section, base_revision_id: int | None) -> Section:
    locked = (
        Section.objects.select_for_update(of=("self",))
        .select_related("current_revision")
        .get(pk=section.pk)
    )
    refuse_if_retired(locked)
    return locked


def _stale(
    section_id: int, actor: Actor | None, base_revision_id: int | None, text: str
) -> StaleRevision:
    """Keep the refused text in its own transaction and build the refusal."""
    section = Section.objects.select_related("current_revision").get(pk=section_id)
    with transaction.atomic():
        conflict = ConflictCopy.objects.create(
            section=section,
            base_revision_id=base_revision_id,
            current_revision=section.current_revision,
            text=text,
            author=acting_user(actor),
        )
    return StaleRevision(current=section.current_revision, conflict=conflict, yours=text)


def _write_revision(
    *,
    actor: Actor | None,
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
    text = markup.clean(text)
    number = (section.revisions.aggregate(m=Max("number"))["m"] or 0) + 1
    revision = Revision(
        section=section,
        number=number,
        text=text,
        author=acting_user(actor),
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
    actor: Actor | None,
    section: Section,
    text: str,
    base_revision: int | Revision | None,
    comment: str = "",
) -> Revision:
    """Save the text as a new revision, unless ``base_revision`` is no longer the current one:
    then nothing is overwritten, the text is kept as a conflict copy and StaleRevision is raised."""
    base_id = base_revision.pk if isinstance(base_revision, Revision) else base_revision
    text = markup.clean(text)
    try:
        with transaction.atomic():
            locked = _section_locked(section, base_id)
            refuse_unless_editable(locked)
            if locked.current_revision_id != base_id:
                _refuse_stale(locked, base_id)
            writer = acting_user(actor)
            if writer is not None:  # the draft is now a revision (or the same text)
                SectionDraft.objects.filter(section=locked, created_by=writer).delete()
            if locked.current_revision and locked.current_revision.text == text:
                return locked.current_revision
            return _write_revision(
                actor=actor, section=locked, text=text, base_revision_id=base_id, comment=comment
            )
    except _StaleInside:
        raise _stale(section.pk, actor, base_id, text) from None


def revision_restore(
    *,
    actor: Actor | None,
    section: Section,
    revision: Revision,
    base_revision: int | Revision | None,
) -> Revision:
    """An old revision's text saved again as a new revision that names it."""
    if revision.section_id != section.pk:
        raise ValidationError({"revision": [_("Редакция относится к другому разделу.")]})
    base_id = base_revision.pk if isinstance(base_revision, Revision) else base_revision
    try:
        with transaction.atomic():
            locked = _section_locked(section, base_id)
            refuse_unless_editable(locked)
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
