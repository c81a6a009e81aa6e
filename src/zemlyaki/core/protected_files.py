"""Uploaded files, handed out only to those who may read them.

Nothing under ``MEDIA_ROOT`` is served as a plain directory. Every address
``/media/<name>`` goes through :func:`media_file`, which asks the app that owns the
name (by its prefix, e.g. ``events/materials/``) whether this reader may have it. Each
app declares its files in its ``downloads.py``::

    from zemlyaki.core.protected_files import Download, register

    def material(request, name):
        found = Material.objects.filter(file=name).select_related("event").first()
        if found is None or not request.user.has_perm("events.view_event", found.event):
            return None
        return Download(found.file, filename=found.title)

    register("events/materials/", material)

A name nobody claims, a missing file and a forbidden one all answer 404 alike.

The file itself is sent as the ``ZEMLYAKI_SENDFILE`` setting says: by Django (the
default, also under ``make run``), or handed to the web server after the check with
``X-Accel-Redirect`` (nginx, from the internal location ``ZEMLYAKI_SENDFILE_PREFIX``) or
``X-Sendfile`` (Apache, lighttpd).
"""

import mimetypes
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.utils.http import content_disposition_header

# Types a browser may show inside a page without running anything: other files are
# always offered for download (an uploaded HTML or SVG file must never run as the site).
INLINE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"}
# Office formats the system's table may not know.
KNOWN_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".rtf": "application/rtf",
    ".csv": "text/csv",
    ".txt": "text/plain",
}


@dataclass(frozen=True)
class Download:
    """A file one reader may have. ``filename`` is the name offered to save it under
    (the stored name by default); ``inline`` asks to show it in the page (images);
    ``public`` lets shared caches keep it (logos)."""

    file: FieldFile
    filename: str = ""
    inline: bool = False
    public: bool = False


Resolver = Callable[[HttpRequest, str], Download | None]
_resolvers: dict[str, Resolver] = {}


def register(prefix: str, resolver: Resolver) -> None:
    """Claim the stored names starting with ``prefix`` (e.g. ``"reports/"``)."""
    _resolvers[prefix] = resolver


def registered_prefixes() -> list[str]:
    return sorted(_resolvers)


def clean_name(name: str) -> str | None:
    """The stored name as the storage knows it, or None for anything that tries to
    leave ``MEDIA_ROOT`` or is not a plain relative path."""
    if not name or "\\" in name or "\x00" in name or name.startswith("/"):
        return None
    parts = PurePosixPath(name).parts
    if any(part in {"..", "."} for part in parts):
        return None
    normal = posixpath.normpath(name)
    return normal if normal == name else None


def resolve(request: HttpRequest, name: str) -> Download | None:
    """The download of ``name`` for this reader, or None (missing, unclaimed, forbidden)."""
    cleaned = clean_name(name)
    if cleaned is None:
        return None
    prefixes = [p for p in _resolvers if cleaned.startswith(p)]
    if not prefixes:
        return None
    download = _resolvers[max(prefixes, key=len)](request, cleaned)
    if download is None or not download.file or download.file.name != cleaned:
        return None
    return download


def _filename(download: Download) -> str:
    stored = PurePosixPath(download.file.name or "").name
    wanted = (download.filename or stored).strip().replace("/", "_").replace("\\", "_")
    suffix = PurePosixPath(stored).suffix
    if suffix and not wanted.lower().endswith(suffix.lower()):
        wanted += suffix
    return wanted


def send(download: Download) -> HttpResponseBase:
    """The response carrying the file: headers set here, the body sent by Django or by
    the web server as ``ZEMLYAKI_SENDFILE`` says."""
    field = download.file
    storage = field.storage
    name = field.name or ""
    if not storage.exists(name):
        raise Http404
    content_type = content_type_of(name)
    inline = download.inline and content_type in INLINE_TYPES
    filename = _filename(download)
    mode = getattr(settings, "ZEMLYAKI_SENDFILE", "")
    path = _local_path(field)
    response: HttpResponseBase
    if mode == "x-accel-redirect" and path is not None:
        prefix = "/" + settings.ZEMLYAKI_SENDFILE_PREFIX.strip("/") + "/"
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = quote(prefix + name)
    elif mode == "x-sendfile" and path is not None:
        response = HttpResponse(content_type=content_type)
        # URL-encoded, as mod_xsendfile reads it (XSendFileUnescape, on by default).
        response["X-Sendfile"] = quote(path)
    else:
        response = FileResponse(storage.open(name, "rb"), content_type=content_type)
    disposition = content_disposition_header(not inline, filename)
    if disposition:
        response["Content-Disposition"] = disposition
    response["X-Content-Type-Options"] = "nosniff"
    # A file opened by itself never runs scripts or loads anything as the site.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "public, max-age=3600" if download.public else "private, no-cache"
    return response


def content_type_of(name: str) -> str:
    suffix = PurePosixPath(name).suffix.lower()
    return KNOWN_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def _local_path(field: FieldFile) -> str | None:
    """The file's path on this machine, when it lives on the local disk."""
    try:
        return str(field.storage.path(field.name or ""))
    except NotImplementedError:
        return None


def media_file(request: HttpRequest, name: str) -> HttpResponseBase:
    """``/media/<name>``: the file if this reader may have it, else 404."""
    download = resolve(request, name)
    if download is None:
        raise Http404
    return send(download)
