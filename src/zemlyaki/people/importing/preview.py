"""Upload, column mapping and confirmation of an import (the preview), and the error report."""

import io
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from zemlyaki.core.services import AuditAction, audit_record, model_snapshot

from ..models import (
    ImportMapping,
    ImportStatus,
    MemberImport,
    OnMatch,
    RowStatus,
)
from .reading import FIELDS, guess_mapping, header_key, stream_table
from .rows import _build_rows


@transaction.atomic
def import_create(
    *,
    actor: Any,
    association: Any,
    file_name: str,
    content: bytes,
    mapping: dict[str, str] | None = None,
) -> MemberImport:
    """Read the file and build the preview; nothing about people is written yet."""
    if len(content) == 0:
        raise ValidationError({"file": _("Файл пуст.")})
    headers, table = stream_table(content, file_name)
    saved = ImportMapping.objects.filter(association=association).first()
    guessed = guess_mapping(headers, saved.mapping if saved else None)
    if mapping:
        guessed.update({k: v for k, v in mapping.items() if k in guessed})
    _check_mapping(guessed)
    member_import = MemberImport(
        association=association,
        uploaded_by=actor,
        file_name=file_name[:255],
        headers=headers,
        mapping=guessed,
    )
    member_import.file.save(file_name, ContentFile(content), save=False)
    member_import.save()
    _build_rows(member_import, table)
    member_import.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=member_import,
        after=model_snapshot(member_import, ["association", "file_name", "total", "mapping"]),
    )
    return member_import


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
    """Change the column mapping and rebuild the preview; optionally keep it for next time."""
    member_import = MemberImport.objects.select_for_update().get(pk=member_import.pk)
    if member_import.status != ImportStatus.PREVIEW:
        raise ValidationError(_("Загрузка уже применена: сопоставление менять поздно."))
    clean = {str(i): mapping.get(str(i), "") or "" for i in range(len(member_import.headers))}
    _check_mapping(clean)
    member_import.mapping = clean
    member_import.file.open("rb")
    try:
        content = member_import.file.read()
    finally:
        member_import.file.close()
    _headers, table = stream_table(content, member_import.file_name)
    _build_rows(member_import, table)
    member_import.save()
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
        locked.save(update_fields=["on_match", "status", "processed"])
    from ..tasks import run_member_import

    run_member_import.enqueue(import_id=locked.pk, actor_id=getattr(actor, "pk", None))
    locked.refresh_from_db()
    return locked


def error_report(member_import: MemberImport) -> bytes:
    """The rows in error with their reasons, as XLSX."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(_("Ошибки"))
    sheet.append([_("Строка файла"), *member_import.headers, _("Причина")])
    for row in member_import.rows.filter(status=RowStatus.ERROR).order_by("number"):
        raw = list(row.data.get("_raw") or [])
        raw += [""] * (len(member_import.headers) - len(raw))
        sheet.append([row.number, *raw[: len(member_import.headers)], " ".join(row.messages)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
