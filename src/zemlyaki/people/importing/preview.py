"""Upload, column mapping and confirmation of an import (the preview).

The upload only stores the file and creates the import; reading the file into the
preview (with its error report), applying it and undoing it run as background tasks
(``background``, ``applying``, ``undo``): nothing whose cost grows with the file runs in
a request."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.core.services import AuditAction, audit_record, model_snapshot

from ..models import (
    ImportMapping,
    ImportStatus,
    MemberImport,
    OnMatch,
)
from .reading import FIELDS, check_file, header_key
from .report import error_report_drop


@transaction.atomic
def import_create(
    *,
    actor: Any,
    association: Any,
    file_name: str,
    content: bytes,
    mapping: dict[str, str] | None = None,
) -> MemberImport:
    """Store the file and queue its reading: the preview is built in the background
    (``background.import_read``). Only what does not grow with the rows is checked here:
    the file is not empty, is an XLSX or a CSV, and an XLSX archive is sound. ``mapping``
    (column index → field) overrides the mapping guessed from the headers."""
    if len(content) == 0:
        raise ValidationError({"file": _("Файл пуст.")})
    check_file(content, file_name)
    member_import = MemberImport(
        association=association,
        uploaded_by=actor,
        file_name=file_name[:255],
        mapping={str(k): v for k, v in (mapping or {}).items()},
        status=ImportStatus.READING,
    )
    member_import.file.save(file_name, ContentFile(content), save=False)
    member_import.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=member_import,
        after=model_snapshot(member_import, ["association", "file_name", "status"]),
    )
    enqueue_reading(member_import.pk)
    return member_import


def enqueue_reading(import_id: int) -> None:
    from ..tasks import read_member_import

    transaction.on_commit(lambda: read_member_import.enqueue(import_id=import_id))


def enqueue_applying(import_id: int, actor: Any) -> None:
    from ..tasks import run_member_import

    actor_id = getattr(actor, "pk", None)
    transaction.on_commit(lambda: run_member_import.enqueue(import_id=import_id, actor_id=actor_id))


def enqueue_undoing(import_id: int, actor: Any) -> None:
    from ..tasks import undo_member_import

    actor_id = getattr(actor, "pk", None)
    transaction.on_commit(
        lambda: undo_member_import.enqueue(import_id=import_id, actor_id=actor_id)
    )


def _check_mapping(mapping: dict[str, str]) -> None:
    fields = [f for f in mapping.values() if f]
    unknown = [f for f in fields if f not in FIELDS]
    if unknown:
        raise ValidationError(
            {"mapping": _("Неизвестное поле: %(f)s.") % {"f": ", ".join(unknown)}}
        )
    duplicates = sorted({str(FIELDS[f]) for f in fields if fields.count(f) > 1})
    if duplicates:
        raise ValidationError(
            {
                "mapping": _("Одно поле выбрано для нескольких столбцов: %(f)s.")
                % {"f": ", ".join(duplicates)}
            }
        )
    has_name = "full_name" in fields or {"last_name", "first_name"} <= set(fields)
    if not has_name:
        raise ValidationError(
            {"mapping": _("Укажите столбец «ФИО полностью» или столбцы «Фамилия» и «Имя».")}
        )


@transaction.atomic
def import_set_mapping(
    *, actor: Any, member_import: MemberImport, mapping: dict[str, str], save: bool = False
) -> MemberImport:
    """Change the column mapping and queue the preview's rebuilding; optionally keep the
    mapping for the association's next lists."""
    member_import = MemberImport.objects.select_for_update().get(pk=member_import.pk)
    if member_import.status not in (ImportStatus.PREVIEW, ImportStatus.MAPPING):
        if member_import.is_working and member_import.status == ImportStatus.READING:
            raise ValidationError(_("Файл ещё читается: дождитесь предпросмотра."))
        raise ValidationError(_("Загрузка уже применена: сопоставление менять поздно."))
    clean = {str(i): mapping.get(str(i), "") or "" for i in range(len(member_import.headers))}
    _check_mapping(clean)
    before = model_snapshot(member_import, ["mapping", "status"])
    member_import.mapping = clean
    member_import.status = ImportStatus.READING
    member_import.failure = ""
    member_import.processed = 0
    member_import.progress_at = timezone.now()
    member_import.save(update_fields=["mapping", "status", "failure", "processed", "progress_at"])
    error_report_drop(member_import)  # the rows in error are found anew
    if save:
        by_header = {
            header_key(h): clean[str(i)]
            for i, h in enumerate(member_import.headers)
            if header_key(h)
        }
        ImportMapping.objects.update_or_create(
            association=member_import.association,
            defaults={"mapping": by_header, "saved_by": actor},
        )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=member_import,
        before=before,
        after=model_snapshot(member_import, ["mapping", "status"]),
        comment=_("сопоставление столбцов"),
    )
    enqueue_reading(member_import.pk)
    return member_import


def import_commit(*, actor: Any, member_import: MemberImport, on_match: str) -> MemberImport:
    """Confirm the preview: the import runs as a background task."""
    if on_match not in OnMatch.values:
        raise ValidationError({"on_match": _("Выберите, что делать при совпадении.")})
    with transaction.atomic():
        locked = MemberImport.objects.select_for_update().get(pk=member_import.pk)
        if locked.status != ImportStatus.PREVIEW:
            raise ValidationError(_("Эта загрузка уже применена или поставлена в очередь."))
        locked.on_match = on_match
        locked.status = ImportStatus.QUEUED
        locked.processed = 0
        locked.progress_at = timezone.now()
        locked.save(update_fields=["on_match", "status", "processed", "progress_at"])
        enqueue_applying(locked.pk, actor)
    locked.refresh_from_db()
    return locked
