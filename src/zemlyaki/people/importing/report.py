"""The error report of an import: the rows in error with their reasons, as XLSX.

It grows with the file, so it is written in the background, by the reading that finds
the errors (``background.import_read``), and kept as a private file on the import
(``MemberImport.errors_file``). A request only hands out the stored file
(:func:`error_report_download`); an import read before the report was stored gets it
written by a task of its own the first time it is asked for.
"""

import tempfile
from typing import Any

from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from zemlyaki.core.errors import Conflict, NotFound

from ..models import ImportRow, ImportStatus, MemberImport, RowStatus
from .rows import BATCH


def error_report_name(member_import: MemberImport) -> str:
    """The name the report is offered under: the same for every copy of it."""
    return f"import-{member_import.pk}-errors.xlsx"


def _write_report(member_import: MemberImport, out: Any) -> None:
    """The rows in error, in the order of the file, into ``out``: a write-only workbook
    reading the rows a batch at a time, so memory stays flat."""
    import openpyxl

    headers = list(member_import.headers)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(_("Ошибки"))
    sheet.append([_("Строка файла"), *headers, _("Причина")])
    rows = (
        ImportRow.objects.filter(member_import=member_import, status=RowStatus.ERROR)
        .order_by("number")
        .values_list("number", "data", "messages")
    )
    for number, data, messages in rows.iterator(chunk_size=BATCH):
        raw = list(data.get("_raw") or [])
        raw += [""] * (len(headers) - len(raw))
        sheet.append([number, *raw[: len(headers)], " ".join(messages)])
    book.save(out)


def error_report_store(member_import: MemberImport) -> None:
    """Write the report of the import's rows in error and keep it on the import, in
    place of the one it had; an import without rows in error keeps none. Runs in the
    background, after the rows were written."""
    error_report_drop(member_import)
    if not ImportRow.objects.filter(member_import=member_import, status=RowStatus.ERROR).exists():
        return
    with tempfile.TemporaryFile() as out:
        _write_report(member_import, out)
        out.seek(0)
        field = member_import.errors_file
        name = field.storage.save(
            field.field.generate_filename(member_import, error_report_name(member_import)),
            File(out),
        )
    MemberImport.objects.filter(pk=member_import.pk).update(errors_file=name)
    member_import.errors_file.name = name


def error_report_drop(member_import: MemberImport) -> None:
    """The import keeps no report (the rows it was written from are being read again);
    its file goes from the storage once that is committed."""
    name = (
        MemberImport.objects.filter(pk=member_import.pk)
        .values_list("errors_file", flat=True)
        .first()
    )
    if not name:
        return
    MemberImport.objects.filter(pk=member_import.pk).update(errors_file="")
    member_import.errors_file.name = ""
    storage = member_import.errors_file.storage
    transaction.on_commit(lambda: storage.delete(name))


def error_report_write(*, import_id: int) -> None:
    """The body of the task that writes the report of an import read before reports
    were stored (or whose file was lost): nothing when it has one or is being read."""
    member_import = MemberImport.objects.filter(pk=import_id).first()
    if (
        member_import is None
        or member_import.errors_file
        or member_import.status == ImportStatus.READING
    ):
        return
    error_report_store(member_import)


def error_report_download(member_import: MemberImport) -> Any:
    """The stored report of the import, for a request that has checked the reader may
    import the association's members: never built here. Refused with a Russian message
    while it is being written (``Conflict``) or when the import has no rows in error
    (``NotFound``)."""
    if member_import.errors_file:
        return member_import.errors_file
    if member_import.status == ImportStatus.READING:
        raise Conflict(_("Отчёт об ошибках ещё готовится: скачайте его чуть позже."))
    if not (member_import.preview_errors or member_import.errors):
        raise NotFound(_("В этой загрузке нет строк с ошибками."))
    enqueue_report(member_import.pk)
    raise Conflict(_("Отчёт об ошибках ещё готовится: скачайте его чуть позже."))


def enqueue_report(import_id: int) -> None:
    from ..tasks import write_member_import_errors

    transaction.on_commit(lambda: write_member_import_errors.enqueue(import_id=import_id))
