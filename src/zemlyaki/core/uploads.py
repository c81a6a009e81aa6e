"""Checks of uploaded files shared by every app that unpacks them."""

import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Uncompressed size an office file (DOCX, ODT, XLSX) may unpack to, and the ratio one
# member may have.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 5000


def check_zip_archive(archive: zipfile.ZipFile) -> None:
    """Refuse an archive bomb before anything is unpacked: too many parts, too much
    unpacked in all, or one large part far bigger than its compressed form."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise ValidationError(
            _("Файл похож на архивную бомбу: слишком много вложенных частей."), code="bomb"
        )
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if total > MAX_UNPACKED_BYTES or (member.file_size > 1024 * 1024 and ratio > MAX_RATIO):
            raise ValidationError(
                _(
                    "Файл похож на архивную бомбу: при распаковке он занял бы несравнимо "
                    "больше места, чем занимает сам. Такой файл не принимается."
                ),
                code="bomb",
            )
