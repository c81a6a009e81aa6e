"""Undoing an applied import: exactly what it created goes, what it changed comes back.

The request only marks the import «отменяется» and queues the work
(:func:`import_undo`); the undoing itself grows with the file and runs as a background
task (:func:`import_undo_run`), like the applying: the texts of the restored people are
prepared first with visible progress, then everything is written in one transaction. A
failure leaves the import applied, as it was, with the reason: it can be undone again.
"""

import datetime
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.core.services import AuditAction, audit_record
from zemlyaki.core.text import lemma, words

from ..models import (
    Competency,
    ImportStatus,
    Interest,
    MemberImport,
    Membership,
    Person,
)
from ..normalize import match_name
from .background import failure_recorded
from .matching import _chunks
from .preview import enqueue_undoing
from .rows import _row_batches

logger = logging.getLogger(__name__)


@transaction.atomic
def import_undo(*, actor: Any, member_import: MemberImport) -> MemberImport:
    """Mark an applied import «отменяется» and queue its undoing
    (:func:`import_undo_run`): nothing of the file is read here."""
    member_import = MemberImport.objects.select_for_update().get(pk=member_import.pk)
    if member_import.status == ImportStatus.UNDOING:
        raise ValidationError(_("Загрузка уже отменяется."))
    if member_import.status != ImportStatus.DONE:
        raise ValidationError(_("Отменить можно только применённую загрузку."))
    member_import.status = ImportStatus.UNDOING
    member_import.processed = 0
    member_import.failure = ""
    member_import.progress_at = timezone.now()
    member_import.save(update_fields=["status", "processed", "failure", "progress_at"])
    enqueue_undoing(member_import.pk, actor)
    return member_import


def import_undo_run(*, import_id: int, actor_id: int | None) -> MemberImport:
    """The body of the background task: prepare the word forms of the restored people
    with visible progress (up to half of the rows), then undo everything in one
    transaction. A refusal or an error is recorded on the import, which stays applied."""
    from django.contrib.auth import get_user_model

    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    member_import = MemberImport.objects.get(pk=import_id)
    if member_import.status != ImportStatus.UNDOING:
        return member_import
    _progress(import_id, 0)
    with failure_recorded(import_id, "Undoing"):
        _warm_up(member_import)
        with transaction.atomic():
            member_import = MemberImport.objects.select_for_update().get(pk=import_id)
            if member_import.status != ImportStatus.UNDOING:
                return member_import  # a restarted task found it already undone
            removed = _undo(member_import)
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                instance=member_import,
                after={"status": ImportStatus.UNDONE.value, "removed_persons": removed},
                comment=_("загрузка отменена"),
            )
    member_import.refresh_from_db()
    return member_import


def _warm_up(member_import: MemberImport) -> None:
    """The word forms of the values that come back are the slow part of the people's
    texts: compute them first, outside the transaction, saving the progress as we go."""
    done = 0
    for rows in _row_batches(member_import):
        for row in rows:
            for value in (row.undo.get("fields") or {}).values():
                if isinstance(value, str):
                    for word in words(value.replace("-", " ")):
                        lemma(word)
        done += len(rows)
        _progress(member_import.pk, done // 2)


def _progress(import_id: int, processed: int) -> None:
    """Progress of the undoing, written only while the import is being undone: a task
    started again while the first was still at work does not move back the progress of
    the import that one has undone meanwhile."""
    MemberImport.objects.filter(pk=import_id, status=ImportStatus.UNDOING).update(
        processed=processed, progress_at=timezone.now()
    )


def _undo(member_import: MemberImport) -> int:
    """Remove exactly what the import created and put back what it changed (inside the
    caller's transaction), the rows read a batch at a time; the number of people removed."""
    created_ids: list[int] = []
    touched: dict[int, None] = {}
    for rows in _row_batches(member_import):
        for row in rows:
            if not row.undo or row.person_id is None:
                continue
            if row.undo.get("created"):
                created_ids.append(row.person_id)
            else:
                _restore(member_import, row.person_id, row.undo)
                touched[row.person_id] = None
    _remove_created(created_ids)
    # A later import of the same rows must not take them for done.
    imported = list(member_import.rows.exclude(person=None).values_list("person_id", flat=True))
    for chunk in _chunks(imported):
        Membership.objects.filter(
            association_id=member_import.association_id, person_id__in=chunk
        ).update(import_hash="")
    from ..services import _refresh_texts

    for chunk in _chunks(list(touched)):
        for refreshed in Person.objects.filter(pk__in=chunk).prefetch_related(
            "competencies", "interests"
        ):
            _refresh_texts(refreshed)
    for key, model in (("competencies", Competency), ("interests", Interest)):
        ids = member_import.created_terms.get(key) or []
        model.objects.filter(pk__in=ids, is_approved=False, persons=None).delete()
    member_import.status = ImportStatus.UNDONE
    member_import.undone_at = timezone.now()
    member_import.processed = member_import.total
    member_import.failure = ""
    member_import.progress_at = timezone.now()
    member_import.save(update_fields=["status", "undone_at", "processed", "failure", "progress_at"])
    return len(created_ids)


def _restore(member_import: MemberImport, pid: int, undo: dict[str, Any]) -> None:
    """Take back from a matched person what the row added or changed."""
    if undo.get("membership"):
        Membership.objects.filter(
            person_id=pid, association_id=member_import.association_id
        ).delete()
    if undo.get("competencies"):
        Person.competencies.through.objects.filter(
            person_id=pid, competency_id__in=undo["competencies"]
        ).delete()
    if undo.get("interests"):
        Person.interests.through.objects.filter(
            person_id=pid, interest_id__in=undo["interests"]
        ).delete()
    if undo.get("fields"):
        values = dict(undo["fields"])
        if values.get("birth_date"):
            values["birth_date"] = datetime.date.fromisoformat(values["birth_date"])
        person = Person.objects.get(pk=pid)
        for key, value in values.items():
            setattr(person, key, value)
        person.match_name = match_name(person.last_name, person.first_name, person.patronymic)
        person.save()


def _remove_created(created_ids: list[int]) -> None:
    """The people the import created go; refused whole when another record of the
    platform keeps one of them (a program, a pledge names them)."""
    for chunk in _chunks(created_ids):
        try:
            Person.objects.filter(pk__in=chunk).delete()
        except (ProtectedError, RestrictedError) as error:
            kept = (
                error.protected_objects
                if isinstance(error, ProtectedError)
                else error.restricted_objects
            )
            kinds = sorted({str(obj._meta.verbose_name_plural) for obj in kept})
            raise ValidationError(
                _(
                    "Загрузку нельзя отменить: на созданных ею участников ссылаются другие "
                    "записи платформы (%(kinds)s). Уберите из них этих участников и отмените "
                    "загрузку снова. В базе ничего не изменилось."
                )
                % {"kinds": ", ".join(kinds)}
            ) from error
