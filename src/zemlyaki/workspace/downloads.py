"""The library's files, handed out only to those who may read the space."""

from django.http import HttpRequest

from zemlyaki.core.protected_files import Download, register
from zemlyaki.core.visibility import can_see

from .models import FileVersion

INLINE = {"image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"}


def version_file(request: HttpRequest, name: str) -> Download | None:
    version = FileVersion.objects.filter(blob=name).select_related("file").first()
    if version is None or not can_see(request.user, version.file):
        return None
    return Download(
        version.blob, filename=version.original_name, inline=version.content_type in INLINE
    )


register("workspace/files/", version_file)
