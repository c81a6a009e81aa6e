"""The background part of an import: reading the stored file into the preview (and its
error report), with progress, and what happens when the work on an import (reading,
applying, undoing) fails or stops.

Progress is written in short updates of their own (``core.progress``), outside the
transactions of the work, so that the page polling the import sees it move. Whatever goes
wrong ends in «ошибка» with a Russian message, written after the rows read so far were
removed: an import never stays «чтение файла» for good, and never half read.
"""

import logging
from collections.abc import Iterator
from contextlib import closing, contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zemlyaki.core.progress import error_type, progress_update
from zemlyaki.core.services import AuditAction, audit_record, model_snapshot

from ..bulk import refresh_statistics
from ..models import ImportMapping, ImportRow, ImportStatus, MemberImport
from .preview import _check_mapping, enqueue_applying, enqueue_reading, enqueue_undoing
from .reader import read_batches
from .reading import guess_mapping, stream_table
from .report import error_report_drop, error_report_store
from .rows import _build_rows

logger = logging.getLogger(__name__)


def file_content(member_import: MemberImport) -> bytes:
    member_import.file.open("rb")
    try:
        return member_import.file.read()
    finally:
        member_import.file.close()


def import_read(*, import_id: int) -> MemberImport:
    """The body of the reading task: the headers and, the first time, the mapping guessed
    from them (or from the association's saved one); then the preview's rows, a batch at
    a time. A mapping without a name column stops at «нужно сопоставить столбцы»; a
    file that cannot be read, or is longer than ``ZEMLYAKI_IMPORT_MAX_ROWS``, ends in
    «ошибка» with the reason and no rows. The rows in error are written into the error
    report before the preview is shown."""
    member_import = MemberImport.objects.select_related("association").get(pk=import_id)
    if member_import.status != ImportStatus.READING:
        return member_import
    progress_update(MemberImport, import_id, processed=0, failure="")
    error_report_drop(member_import)
    try:
        content = file_content(member_import)
        headers, _table = stream_table(content, member_import.file_name)
        if not member_import.headers:
            saved = ImportMapping.objects.filter(association_id=member_import.association_id)
            first = saved.first()
            guessed = guess_mapping(headers, first.mapping if first else None)
            asked = {k: v for k, v in member_import.mapping.items() if k in guessed}
            guessed.update(asked)
            progress_update(MemberImport, import_id, headers=headers, mapping=guessed)
            member_import.headers, member_import.mapping = headers, guessed
            try:
                _check_mapping(guessed)
            except ValidationError as error:
                progress_update(
                    MemberImport,
                    import_id,
                    status=ImportStatus.MAPPING,
                    failure=" ".join(error.messages),
                )
                member_import.refresh_from_db()
                return member_import
        batches = read_batches(
            content, member_import.file_name, member_import.mapping, member_import.association_id
        )
        # Closed whatever happens: a reading process stops at once when the preview does.
        with closing(batches):
            _build_rows(
                member_import,
                batches,
                progress=lambda done: progress_update(MemberImport, import_id, processed=done),
            )
        error_report_store(member_import)
        refresh_statistics([ImportRow._meta.db_table], member_import.total)
    except ValidationError as error:
        import_record_failure(import_id=import_id, message=" ".join(error.messages))
    except Exception as exc:
        logger.exception("Reading of member import %s failed", import_id)
        import_record_failure(import_id=import_id, exc=exc)
    else:
        progress_update(
            MemberImport,
            import_id,
            status=ImportStatus.PREVIEW,
            total=member_import.total,
            processed=member_import.total,
            preview_new=member_import.preview_new,
            preview_matched=member_import.preview_matched,
            preview_errors=member_import.preview_errors,
        )
    member_import.refresh_from_db()
    return member_import


def failure_message(exc: BaseException, *, applying: bool, undoing: bool = False) -> str:
    """What a person is told when the work stopped on an error of the program."""
    detail = str(exc).strip()[:300] or _("без пояснения")
    if undoing:
        return _(
            "Отмена загрузки прервалась из-за внутренней ошибки (%(type)s: %(detail)s). "
            "В базе ничего не изменилось, загрузка осталась применённой. Попробуйте отменить "
            "её ещё раз; если ошибка повторится, сообщите администратору платформы."
        ) % {"type": error_type(exc), "detail": detail}
    if applying:
        return _(
            "Применение списка прервалось из-за внутренней ошибки (%(type)s: %(detail)s). "
            "В базе ничего не изменилось. Загрузите список ещё раз; если ошибка повторится, "
            "сообщите администратору платформы."
        ) % {"type": error_type(exc), "detail": detail}
    return _(
        "Чтение файла прервалось из-за внутренней ошибки (%(type)s: %(detail)s). В базу "
        "ничего не записано. Загрузите файл ещё раз; если ошибка повторится, сообщите "
        "администратору платформы."
    ) % {"type": error_type(exc), "detail": detail}


def import_record_failure(
    *, import_id: int, message: str = "", exc: BaseException | None = None
) -> None:
    """The import ends in «ошибка» with ``message`` (or one made from ``exc``); the rows
    of a preview that was being read go, so nothing stays half read. An undo that failed
    leaves the import applied, as it was, with the message: it can be undone again.
    Written in a transaction of its own, after the failed work was rolled back."""
    with transaction.atomic():
        member_import = MemberImport.objects.select_for_update().filter(pk=import_id).first()
        if member_import is None or member_import.status in (
            ImportStatus.DONE,
            ImportStatus.UNDONE,
        ):
            return
        reading = member_import.status in (ImportStatus.READING, ImportStatus.MAPPING)
        undoing = member_import.status == ImportStatus.UNDOING
        if exc is not None and not message:
            message = failure_message(exc, applying=not reading, undoing=undoing)
        fields: dict[str, Any] = {"status": ImportStatus.FAILED, "failure": message[:2000]}
        if undoing:
            fields.update(status=ImportStatus.DONE, processed=member_import.total)
        if reading:
            member_import.rows.all().delete()
            fields.update(processed=0, total=0, preview_new=0, preview_matched=0, preview_errors=0)
        progress_update(MemberImport, import_id, **fields)


@contextmanager
def failure_recorded(import_id: int, doing: str) -> Iterator[None]:
    """Around the work of a task: a refusal (``ValidationError``) or an error is recorded
    on the import (:func:`import_record_failure`) before it goes on to fail the task."""
    try:
        yield
    except ValidationError as error:
        import_record_failure(import_id=import_id, message=" ".join(error.messages))
        raise
    except Exception as exc:
        logger.exception("%s member import %s failed", doing, import_id)
        import_record_failure(import_id=import_id, exc=exc)
        raise


@transaction.atomic
def import_restart(*, actor: Any, member_import: MemberImport) -> MemberImport:
    """Queue again the work of an import whose worker stopped (nothing moved for
    ``ZEMLYAKI_IMPORT_STALL_MINUTES``): its reading, its applying or its undoing (each of
    the last two writes everything in one transaction, so nothing of a stopped one
    stayed)."""
    member_import = MemberImport.objects.select_for_update().get(pk=member_import.pk)
    if not member_import.is_stalled:
        raise ValidationError(
            _("Перезапустить можно только загрузку, работа над которой прервалась.")
        )
    before = model_snapshot(member_import, ["status", "processed"])
    if member_import.status == ImportStatus.READING:
        progress_update(MemberImport, member_import.pk, processed=0)
        enqueue_reading(member_import.pk)
    elif member_import.status == ImportStatus.UNDOING:
        progress_update(MemberImport, member_import.pk, processed=0)
        enqueue_undoing(member_import.pk, actor)
    else:
        progress_update(MemberImport, member_import.pk, status=ImportStatus.QUEUED, processed=0)
        enqueue_applying(member_import.pk, actor)
    member_import.refresh_from_db()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=member_import,
        before=before,
        after=model_snapshot(member_import, ["status", "processed"]),
        comment=_("работа над загрузкой перезапущена"),
    )
    return member_import
