"""The file library of a space: folders, files and their versions.

An upload is checked before anything is stored: its size against the per-file limit,
the space's total against its quota (both settings), its type by content (libmagic),
which must also agree with the file's extension, and an office file's archive against
bombs (``core.uploads``). A new version never replaces an old one; restoring an earlier
version adds a new one with the old content, so the history keeps every step and its
author. Files stay when their author leaves the body: they belong to the space.
"""

import io
import zipfile
from pathlib import PurePosixPath
from typing import Any

import magic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Sum
from django.utils.translation import gettext as _

from zemlyaki.core import blobs
from zemlyaki.core.errors import Forbidden, Invalid
from zemlyaki.core.models import AuditAction
from zemlyaki.core.services import audit_record, model_snapshot
from zemlyaki.core.text import search_document
from zemlyaki.core.uploads import check_zip_archive

from .models import File, FileLink, FileVersion, Folder, Space

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
ZIPS = {"application/zip", "application/octet-stream"}  # office files libmagic calls archives

# extension → the content types libmagic may report for it
EXTENSIONS: dict[str, set[str]] = {
    ".pdf": {"application/pdf"},
    ".png": {"image/png"},
    ".jpg": {"image/jpeg"},
    ".jpeg": {"image/jpeg"},
    ".gif": {"image/gif"},
    ".webp": {"image/webp"},
    ".txt": {"text/plain"},
    ".md": {"text/plain", "text/markdown"},
    ".csv": {"text/plain", "text/csv"},
    ".docx": {DOCX} | ZIPS,
    ".xlsx": {XLSX} | ZIPS,
    ".pptx": {PPTX} | ZIPS,
    ".odt": {ODT} | ZIPS,
    ".ods": {ODS} | ZIPS,
    ".doc": {"application/msword", "application/CDFV2", "application/x-ole-storage"},
    ".xls": {"application/vnd.ms-excel", "application/CDFV2", "application/x-ole-storage"},
    ".rtf": {"text/rtf", "application/rtf"},
}
OFFICE_ZIP = {".docx", ".xlsx", ".pptx", ".odt", ".ods"}


def max_file_bytes() -> int:
    return int(getattr(settings, "ZEMLYAKI_WORKSPACE_FILE_MAX_BYTES", 20 * 1024 * 1024))


def space_quota_bytes() -> int:
    return int(getattr(settings, "ZEMLYAKI_WORKSPACE_QUOTA_BYTES", 500 * 1024 * 1024))


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f}".replace(".", ",").replace(",0", "") + " МБ"


def space_used_bytes(space: Space) -> int:
    used = FileVersion.objects.filter(file__space=space).aggregate(total=Sum("size"))["total"]
    return int(used or 0)


def check_upload(space: Space, name: str, data: bytes) -> str:
    """Refuse what may not be stored; return the content type found by content."""
    size = len(data)
    if size == 0:
        raise Invalid({"file": [_("Файл пуст.")]})
    if size > max_file_bytes():
        raise Invalid(
            {
                "file": [
                    _("Файл больше допустимого: %(size)s, можно не более %(limit)s.")
                    % {"size": _mb(size), "limit": _mb(max_file_bytes())}
                ]
            }
        )
    quota = space_quota_bytes()
    if space_used_bytes(space) + size > quota:
        raise Invalid(
            {
                "file": [
                    _("Место пространства исчерпано: квота %(quota)s, файл не помещается.")
                    % {"quota": _mb(quota)}
                ]
            }
        )
    suffix = PurePosixPath(name or "").suffix.lower()
    allowed = EXTENSIONS.get(suffix)
    if allowed is None:
        raise Invalid(
            {
                "file": [
                    _(
                        "Файлы такого вида не принимаются. Подойдут PDF, DOCX, XLSX, PPTX, "
                        "ODT, ODS, DOC, XLS, RTF, картинки PNG, JPEG, GIF, WEBP и текст."
                    )
                ]
            }
        )
    kind = str(magic.from_buffer(data[:65536], mime=True))
    if kind not in allowed:
        raise Invalid(
            {
                "file": [
                    _("Содержимое файла не соответствует его типу %(ext)s (определено: %(kind)s).")
                    % {"ext": suffix, "kind": kind}
                ]
            }
        )
    if suffix in OFFICE_ZIP:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                check_zip_archive(archive)
                if archive.testzip() is not None:
                    raise Invalid({"file": [_("Файл повреждён.")]})
        except ValidationError as error:
            raise Invalid({"file": error.messages}) from error
        except (zipfile.BadZipFile, OSError, EOFError, KeyError) as error:
            raise Invalid({"file": [_("Файл повреждён и не читается.")]}) from error
        kind = _office_type(suffix, kind)
    return kind


def _office_type(suffix: str, kind: str) -> str:
    return {".docx": DOCX, ".xlsx": XLSX, ".pptx": PPTX, ".odt": ODT, ".ods": ODS}.get(suffix, kind)


def file_text(data: bytes, content_type: str) -> str:
    """Plain text for the search, by the reports' extraction (no OCR here)."""
    from zemlyaki.reports.extract import ExtractionError, extract

    kinds = {DOCX: "docx", ODT: "odt", "text/rtf": "rtf", "application/rtf": "rtf"}
    try:
        if content_type.startswith("text/"):
            return extract(data, "text").text
        if content_type in kinds:
            return extract(data, kinds[content_type]).text
        if content_type == "application/pdf":
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(data))
            return "\n".join((page.extract_text() or "") for page in reader.pages[:200])
    except (ExtractionError, ValidationError, Exception):  # an unreadable file is still kept
        return ""
    return ""


def _read(upload: Any) -> tuple[str, bytes]:
    name = PurePosixPath(getattr(upload, "name", "") or "file").name
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read()
    return name, data


def _add_version(
    *,
    actor: Any,
    file: File,
    name: str,
    data: bytes,
    kind: str,
    note: str,
    restored_from: Any = None,
) -> FileVersion:
    number = (file.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = FileVersion(
        file=file,
        number=number,
        original_name=name[:255],
        size=len(data),
        content_type=kind,
        note=(note or "").strip()[:300],
        restored_from=restored_from,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    version.blob.save(name, ContentFile(data), save=False)
    blobs.written(version.blob)
    version.save()
    file.current = version
    file.search_text = search_document(file.title, file_text(data, kind))
    file.save(update_fields=["current", "search_text", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=version,
        after=model_snapshot(version, ["file", "number", "original_name", "size", "note"]),
    )
    return version


@transaction.atomic
def file_upload(
    *,
    actor: Any,
    space: Space,
    upload: Any,
    title: str = "",
    folder: Folder | None = None,
    note: str = "",
) -> File:
    if not actor.has_perm("workspace.upload_file", space):
        raise Forbidden()
    if folder is not None and folder.space_id != space.pk:
        raise Invalid({"folder": [_("Папка из другого пространства.")]})
    name, data = _read(upload)
    kind = check_upload(space, name, data)
    file = File.objects.create(
        space=space, folder=folder, title=(title or "").strip()[:300] or name, created_by=actor
    )
    audit_record(actor=actor, action=AuditAction.CREATE, instance=file, after=model_snapshot(file))
    _add_version(actor=actor, file=file, name=name, data=data, kind=kind, note=note)
    return file


@transaction.atomic
def version_upload(*, actor: Any, file: File, upload: Any, note: str = "") -> FileVersion:
    if not actor.has_perm("workspace.upload_file", file.space):
        raise Forbidden()
    File.objects.select_for_update().filter(pk=file.pk).first()
    name, data = _read(upload)
    kind = check_upload(file.space, name, data)
    return _add_version(actor=actor, file=file, name=name, data=data, kind=kind, note=note)


@transaction.atomic
def version_restore(*, actor: Any, version: FileVersion) -> FileVersion:
    """A new version with the content of an earlier one."""
    file = version.file
    if not actor.has_perm("workspace.upload_file", file.space):
        raise Forbidden()
    File.objects.select_for_update().filter(pk=file.pk).first()
    with version.blob.open("rb") as handle:
        data = handle.read()
    if space_used_bytes(file.space) + len(data) > space_quota_bytes():
        raise Invalid({"file": [_("Место пространства исчерпано: восстановить версию нельзя.")]})
    note = _("Восстановлена версия %(n)s") % {"n": version.number}
    return _add_version(
        actor=actor,
        file=file,
        name=version.original_name,
        data=data,
        kind=version.content_type,
        note=note,
        restored_from=version,
    )


@transaction.atomic
def folder_create(*, actor: Any, space: Space, name: str, parent: Folder | None = None) -> Folder:
    if not actor.has_perm("workspace.upload_file", space):
        raise Forbidden()
    name = (name or "").strip()
    if not name:
        raise Invalid({"name": [_("Укажите название папки.")]})
    if parent is not None and parent.space_id != space.pk:
        raise Invalid({"parent": [_("Папка из другого пространства.")]})
    folder = Folder.objects.create(space=space, parent=parent, name=name[:200], created_by=actor)
    audit_record(
        actor=actor, action=AuditAction.CREATE, instance=folder, after=model_snapshot(folder)
    )
    return folder


@transaction.atomic
def file_link(*, actor: Any, file: File, target: Any) -> FileLink:
    """Link a file to an object of the platform (once)."""
    from django.contrib.contenttypes.models import ContentType

    if not actor.has_perm("workspace.upload_file", file.space):
        raise Forbidden()
    kind = ContentType.objects.get_for_model(target)
    link, created = FileLink.objects.get_or_create(
        file=file, target_type=kind, target_id=target.pk, defaults={"created_by": actor}
    )
    if created:
        audit_record(
            actor=actor, action=AuditAction.CREATE, instance=link, after=model_snapshot(link)
        )
    return link
