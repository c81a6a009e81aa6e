"""Backups of the whole platform: the database, the uploaded files and a manifest.

A backup is a folder:

- ``database.dump`` (PostgreSQL, ``pg_dump`` custom format) or ``database.sqlite3``
  (SQLite, through its online backup API: consistent while the platform runs);
- ``media/`` — a copy of the uploaded files, from the local disk or from the S3-compatible
  bucket (read through the storage, object by object);
- ``manifest.json`` — when and from what it was made, the applied migrations (the schema
  version), the row count of every table and a SHA-256 of every file.

``restore`` checks every checksum first, refuses a backup made by a newer schema than the
code knows, replaces the database and the files (in whichever storage is configured now:
a backup of files on the disk can be restored into a bucket and back), brings the schema
up to the code's with ``migrate``, and compares the restored row counts with the
manifest's.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

from zemlyaki.core.errors import Conflict

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.dump"
MEDIA_DIR = "media"

Say = Callable[[str], None]


class BackupError(Conflict):
    """A backup that cannot be made or restored; the message says why."""


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(_("Резервное копирование поддерживает SQLite и PostgreSQL."))
    return vendor


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def table_counts() -> dict[str, int]:
    """Rows in every table of the database (the migrations' own table excluded)."""
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor, include_views=False)):
            if table == "django_migrations" or table.startswith("sqlite_"):
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = int(cursor.fetchone()[0])
    return counts


def applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _media_root() -> Path | None:
    """The local folder of uploads, or None when they are on other storage (S3)."""
    if isinstance(default_storage, FileSystemStorage):
        return Path(settings.MEDIA_ROOT)
    return None


def _pg_env() -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    tool = command[0]
    if shutil.which(tool) is None:
        raise BackupError(
            _("Не найдена программа %(tool)s: установите пакет Debian postgresql-client.")
            % {"tool": tool}
        )
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(
            _("%(tool)s завершилась с ошибкой: %(error)s")
            % {"tool": tool, "error": result.stderr.strip()[-500:]}
        )


def make_backup(target: Path, say: Say = lambda _line: None) -> dict[str, Any]:
    """Write a backup into ``target`` (a new or empty folder) and return its manifest."""
    engine = _engine()
    if target.exists() and any(target.iterdir()):
        raise BackupError(_("Папка %(path)s не пуста: нужна новая или пустая.") % {"path": target})
    target.mkdir(parents=True, exist_ok=True)
    say(_("Копирую базу данных…"))
    counts = table_counts()
    if engine == "sqlite":
        database_file = SQLITE_FILE
        connection.ensure_connection()
        destination = sqlite3.connect(target / SQLITE_FILE)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
    else:
        database_file = POSTGRES_FILE
        args, env = _pg_env()
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                *args,
                "--file",
                str(target / POSTGRES_FILE),
            ],
            env,
        )
    media = _media_root()
    if media is not None and media.exists():
        say(_("Копирую загруженные файлы…"))
        shutil.copytree(media, target / MEDIA_DIR)
    elif media is None:
        say(_("Копирую загруженные файлы из хранилища…"))
        _copy_from_storage(target / MEDIA_DIR)
    say(_("Считаю контрольные суммы…"))
    files = {
        str(path.relative_to(target)): {"sha256": _sha256(path), "size": path.stat().st_size}
        for path in sorted(target.rglob("*"))
        if path.is_file()
    }
    manifest = {
        "format": FORMAT,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "engine": engine,
        "database_file": database_file,
        "media": "local" if media is not None else "storage",
        "migrations": applied_migrations(),
        "counts": counts,
        "files": files,
    }
    (target / MANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return manifest


def read_manifest(source: Path) -> dict[str, Any]:
    path = source / MANIFEST
    if not path.is_file():
        raise BackupError(
            _("В папке %(path)s нет manifest.json: это не резервная копия.") % {"path": source}
        )
    try:
        manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(_("manifest.json повреждён: %(error)s") % {"error": exc}) from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(_("Неизвестный формат резервной копии."))
    return manifest


def verify(source: Path, manifest: dict[str, Any]) -> None:
    """Every file the manifest lists is present and unchanged; nothing is added."""
    for name, expected in manifest["files"].items():
        path = source / name
        if not path.is_file():
            raise BackupError(_("В резервной копии нет файла %(name)s.") % {"name": name})
        if _sha256(path) != expected["sha256"]:
            raise BackupError(
                _("Файл %(name)s повреждён: контрольная сумма не совпадает.") % {"name": name}
            )


def newer_migrations(manifest: dict[str, Any]) -> list[str]:
    """Migrations the backup has that this code does not know (a newer schema)."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return [
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        for name in names
        if (app, name) not in known
    ]


def restore_backup(source: Path, say: Say = lambda _line: None) -> dict[str, Any]:
    """Replace the database and the uploaded files by the backup in ``source``.

    Returns the differences between the manifest's row counts and the restored ones (empty
    when they agree)."""
    manifest = read_manifest(source)
    engine = _engine()
    if manifest["engine"] != engine:
        raise BackupError(
            _(
                "Копия сделана на %(theirs)s, а платформа работает на %(ours)s: восстановление невозможно."
            )
            % {"theirs": manifest["engine"], "ours": engine}
        )
    say(_("Проверяю контрольные суммы…"))
    verify(source, manifest)
    newer = newer_migrations(manifest)
    if newer:
        raise BackupError(
            _(
                "Копия сделана более новой версией платформы (миграции %(names)s): обновите платформу и повторите."
            )
            % {"names": ", ".join(newer[:5])}
        )
    say(_("Восстанавливаю базу данных…"))
    database = source / manifest["database_file"]
    if engine == "sqlite":
        connection.ensure_connection()
        origin = sqlite3.connect(database)
        try:
            origin.backup(connection.connection)
        finally:
            origin.close()
    else:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        connection.close()
        args, env = _pg_env()
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                *args,
                str(database),
            ],
            env,
        )
    restored = table_counts()
    differences = {
        table: {"manifest": count, "restored": restored.get(table)}
        for table, count in manifest["counts"].items()
        if restored.get(table) != count
    }
    media = _media_root()
    if manifest.get("media") in {"local", "storage"}:
        say(_("Восстанавливаю загруженные файлы…"))
        if media is not None:
            _replace_media(source / MEDIA_DIR, media)
        else:
            _replace_storage(source / MEDIA_DIR)
    say(_("Привожу схему базы к версии платформы…"))
    call_command("migrate", verbosity=0, interactive=False)
    cache.clear()
    return differences


def _replace_media(copy: Path, media: Path) -> None:
    """Swap the uploads folder for the backup's copy; the old one goes only after the
    new one is complete."""
    media.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=media.parent))
    incoming = staging / "media"
    if copy.exists():
        shutil.copytree(copy, incoming)
    else:
        incoming.mkdir()
    previous = staging / "previous"
    if media.exists():
        media.rename(previous)
    incoming.rename(media)
    shutil.rmtree(staging, ignore_errors=True)


def storage_names(directory: str = "") -> list[str]:
    """Every file name in the default storage under ``directory``, sorted."""
    folders, files = default_storage.listdir(directory)
    names = [f"{directory}{name}" for name in files]
    for folder in folders:
        names += storage_names(f"{directory}{folder}/")
    return sorted(names)


def _copy_from_storage(copy: Path) -> None:
    copy.mkdir(parents=True, exist_ok=True)
    for name in storage_names():
        path = copy / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, path.open("wb") as handle:
            shutil.copyfileobj(source, handle)


def _replace_storage(copy: Path) -> None:
    """Make the storage hold exactly the backup's files: each one written under its own
    name, then the files the backup does not have removed."""
    wanted = (
        {str(path.relative_to(copy)) for path in copy.rglob("*") if path.is_file()}
        if copy.exists()
        else set()
    )
    for name in sorted(wanted):
        if default_storage.exists(name):
            default_storage.delete(name)
        with (copy / name).open("rb") as handle:
            saved = default_storage.save(name, File(handle, name=name))
        if saved != name:
            raise BackupError(
                _("Хранилище сохранило файл %(name)s под другим именем %(saved)s.")
                % {"name": name, "saved": saved}
            )
    for name in storage_names():
        if name not in wanted:
            default_storage.delete(name)
