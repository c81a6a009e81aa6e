"""What a file is by its content, in words for the person who uploaded it.

Used by the messages that refuse a file: «Файл не похож на таблицу Excel (.xlsx): по
содержимому это изображение PNG». libmagic reads the content; office files are told
apart by the parts inside their archive, which libmagic does not always look at.
"""

import io
import zipfile

import magic
from django.utils.translation import gettext_lazy

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# libmagic sees an odd picture (TGA, ICO) in random bytes: only well-known image kinds
# are named, by their own entries below.
_PREFIXES = {
    "audio/": gettext_lazy("звукозапись"),
    "video/": gettext_lazy("видеозапись"),
}
_LABELS = {
    "image/png": gettext_lazy("изображение PNG"),
    "image/jpeg": gettext_lazy("изображение JPEG"),
    "image/gif": gettext_lazy("изображение GIF"),
    "image/tiff": gettext_lazy("изображение TIFF"),
    "image/webp": gettext_lazy("изображение WebP"),
    "image/bmp": gettext_lazy("изображение BMP"),
    "image/heic": gettext_lazy("изображение HEIC"),
    "application/pdf": gettext_lazy("документ PDF"),
    DOCX_MIME: gettext_lazy("документ Word (.docx)"),
    XLSX_MIME: gettext_lazy("таблица Excel (.xlsx)"),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": gettext_lazy(
        "презентация PowerPoint (.pptx)"
    ),
    "application/vnd.oasis.opendocument.text": gettext_lazy("документ OpenDocument (.odt)"),
    "application/vnd.oasis.opendocument.spreadsheet": gettext_lazy("таблица OpenDocument (.ods)"),
    "application/msword": gettext_lazy("документ Word 97–2003 (.doc)"),
    "application/vnd.ms-excel": gettext_lazy("таблица Excel 97–2003 (.xls)"),
    "application/x-ole-storage": gettext_lazy("файл Microsoft Office 97–2003 (.doc или .xls)"),
    "application/cdfv2": gettext_lazy("файл Microsoft Office 97–2003 (.doc или .xls)"),
    "application/zip": gettext_lazy("архив ZIP"),
    "application/x-rar": gettext_lazy("архив RAR"),
    "application/vnd.rar": gettext_lazy("архив RAR"),
    "application/x-7z-compressed": gettext_lazy("архив 7-Zip"),
    "application/gzip": gettext_lazy("архив GZIP"),
    "application/x-dosexec": gettext_lazy("программа Windows"),
    "application/x-executable": gettext_lazy("программа"),
    "text/html": gettext_lazy("страница HTML"),
    "text/rtf": gettext_lazy("документ RTF"),
}
# Parts that tell an office archive's kind when libmagic calls it a plain archive.
_ZIP_PARTS = (
    ("xl/workbook.xml", XLSX_MIME),
    ("word/document.xml", DOCX_MIME),
    ("ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
)  # fmt: skip
# First bytes of common kinds, for a damaged or cut file libmagic gives up on.
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF8", "image/gif"),
    (b"%PDF-", "application/pdf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),
    (b"PK\x03\x04", "application/zip"),
    (b"Rar!", "application/x-rar"),
    (b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
    (b"\x1f\x8b", "application/gzip"),
    (b"MZ", "application/x-dosexec"),
    (b"\x7fELF", "application/x-executable"),
)


def content_type(data: bytes) -> str:
    """The MIME type by content, office archives by their parts."""
    kind = str(magic.from_buffer(data[:65536], mime=True)).lower()
    if kind == "application/octet-stream":
        kind = next((mime for head, mime in _SIGNATURES if data.startswith(head)), kind)
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return kind
        for part, mime in _ZIP_PARTS:
            if part in names:
                return mime
    return kind


def describe(data: bytes) -> str:
    """«изображение PNG», «документ PDF», … or '' when the kind has no name for a person."""
    if not data:
        return ""
    kind = content_type(data)
    label = _LABELS.get(kind)
    if label is not None:
        return str(label)
    for prefix, words in _PREFIXES.items():
        if kind.startswith(prefix):
            return str(words)
    return ""
