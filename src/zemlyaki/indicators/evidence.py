"""What evidence of an entered value may be: a document or picture, judged by its content
(not its name), or a web link."""

from typing import Any

import magic
from django.utils.translation import gettext as _

from zemlyaki.core.errors import Invalid

MAX_BYTES = 20 * 1024 * 1024
ALLOWED_TYPES = {
    "application/pdf",
    "image/png",
    "image/jpeg",
    "text/plain",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/zip",  # some office files are recognised as a plain archive
}


def check_file(file: Any, field: str = "evidence") -> str:
    size = getattr(file, "size", None) or 0
    if size > MAX_BYTES:
        raise Invalid({field: [_("Файл больше 20 МБ.")]})
    file.seek(0)
    head = file.read(8192)
    file.seek(0)
    if not head:
        raise Invalid({field: [_("Файл пуст.")]})
    kind = str(magic.from_buffer(head, mime=True))
    if kind not in ALLOWED_TYPES:
        raise Invalid(
            {
                field: [
                    _(
                        "Файл такого вида (%(type)s) не принимается: подойдут PDF, DOCX, "
                        "XLSX, ODT, ODS, картинка PNG/JPEG или текст."
                    )
                    % {"type": kind}
                ]
            }
        )
    return kind


def check_link(url: str, field: str = "evidence") -> str:
    from django.core.exceptions import ValidationError
    from django.core.validators import URLValidator

    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as exc:
        raise Invalid({field: [_("Ссылка должна начинаться с http:// или https://.")]}) from exc
    return url
