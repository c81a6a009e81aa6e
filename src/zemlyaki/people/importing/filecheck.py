"""What a member list's bytes are, before they are read as a table: a message in Russian
for the file that is not an XLSX or a CSV, and the text of a CSV in any Russian encoding
(``core.encoding``)."""

import io
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from zemlyaki.core.encoding import decode_text
from zemlyaki.core.filetypes import describe
from zemlyaki.core.uploads import check_zip_archive

_OLD_EXCEL = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _hint() -> str:
    return _("Сохраните список как «Книга Excel (.xlsx)» или как CSV и загрузите ещё раз.")


def _refusal(message: str, code: str) -> ValidationError:
    return ValidationError({"file": [f"{message} {_hint()}"]}, code=code)


def check_spreadsheet(data: bytes) -> None:
    """Refuse bytes that are not an XLSX workbook, naming what they look like; an archive
    bomb is refused as such first, whatever it holds."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            try:
                check_zip_archive(archive)
            except ValidationError as error:
                raise ValidationError({"file": error.messages}, code="bomb") from None
            is_workbook = "xl/workbook.xml" in set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        is_workbook = False
    if is_workbook:
        return
    kind = describe(data)
    if kind:
        message = _("Файл не похож на таблицу Excel (.xlsx): по содержимому это %(kind)s.") % {
            "kind": kind
        }
    else:
        message = _("Файл не похож на таблицу Excel (.xlsx): он повреждён или другого вида.")
    raise _refusal(message, "format")


def decode_list(data: bytes) -> str:
    """The text of a CSV list; a refusal that says what is wrong with the file."""
    try:
        return decode_text(data)
    except ValidationError as error:
        if error.code != "binary":
            raise ValidationError({"file": error.messages}, code=error.code) from None
    kind = describe(data)
    if kind:
        message = _("Файл не похож на таблицу CSV: по содержимому это %(kind)s.") % {"kind": kind}
    else:
        message = _("Файл не похож на таблицу CSV: в нём двоичные данные, а не строки текста.")
    raise _refusal(message, "binary") from None


def unsupported_format(data: bytes, file_name: str) -> ValidationError:
    """The refusal of a file that is neither XLSX nor CSV by its name."""
    name = file_name.lower()
    if name.endswith(".xls") or data.startswith(_OLD_EXCEL):
        return _refusal(_("Таблицы Excel 97–2003 (.xls) не читаются."), "format")
    if name.endswith(".ods"):
        return _refusal(_("Таблицы OpenDocument (.ods) не читаются."), "format")
    kind = describe(data)
    if kind:
        return _refusal(
            _("Нужен файл XLSX или CSV, а этот по содержимому — %(kind)s.") % {"kind": kind},
            "format",
        )
    return _refusal(_("Нужен файл XLSX или CSV."), "format")


def unreadable() -> dict[str, str]:
    """A table that opened but breaks further on: no library's words reach the user."""
    return {
        "file": _("Не удалось прочитать файл: таблица повреждена или сохранена не полностью.")
        + " "
        + _hint()
    }
