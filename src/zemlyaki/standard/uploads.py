"""What a file of evidence may be: its content, not its name, decides."""

from typing import Any

import magic
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 20 * 1024 * 1024
ALLOWED_TYPES = {
    "application/pdf",
    "image/png",
    "image/jpeg",
    "text/plain",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.text",
    "application/msword",
    "application/zip",  # some office files are recognised as a plain archive
}


def content_type(data: bytes) -> str:
    return str(magic.from_buffer(data[:8192], mime=True))


def check_evidence_file(file: Any) -> str:
    """Refuse a file too large or whose content is not a document or picture."""
    size = getattr(file, "size", None) or 0
    if size > MAX_BYTES:
        raise ValidationError({"file": [_("Файл больше 20 МБ.")]})
    file.seek(0)
    head = file.read(8192)
    file.seek(0)
    if not head:
        raise ValidationError({"file": [_("Файл пуст.")]})
    kind = content_type(head)
    if kind not in ALLOWED_TYPES:
        raise ValidationError(
            {
                "file": [
                    _(
                        "Файл такого вида (%(type)s) не принимается: подойдут PDF, DOCX, "
                        "XLSX, ODT, картинка PNG/JPEG или текст."
                    )
                    % {"type": kind}
                ]
            }
        )
    return kind
