"""Backup and restore: the whole platform's data and files come back exactly."""

import hashlib
import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from zemlyaki.core.backup import table_counts

pytestmark = pytest.mark.django_db(transaction=True)


def _files(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def media(tmp_path, settings) -> Path:
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture
def demo(media, django_capture_on_commit_callbacks) -> dict[str, int]:
    # A transactional test before this one may have emptied the tables the migrations fill.
    call_command("load-reference", stdout=io.StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load-demo", stdout=io.StringIO())
    extra = media / "reports" / "проверка.txt"
    extra.parent.mkdir(parents=True, exist_ok=True)
    extra.write_text("годовой отчёт", encoding="utf-8")
    return table_counts()


@pytest.fixture
def little(media) -> dict[str, int]:
    """A little data for the refusals: a user and a file."""
    from tests.accounts.factories import UserFactory

    UserFactory(username="хранитель")
    extra = media / "reports" / "проверка.txt"
    extra.parent.mkdir(parents=True, exist_ok=True)
    extra.write_text("годовой отчёт", encoding="utf-8")
    return table_counts()


def test_round_trip_brings_back_every_row_and_file(tmp_path, media, demo) -> None:
    files_before = _files(media)
    assert len([table for table, rows in demo.items() if rows]) >= 40  # data in every app
    target = tmp_path / "backup"
    out = io.StringIO()
    call_command("backup", str(target), stdout=out)
    assert "Резервная копия готова" in out.getvalue()
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"] == demo
    assert "core" in manifest["migrations"]

    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media)
    assert table_counts() != demo

    out = io.StringIO()
    call_command("restore", str(target), interactive=False, stdout=out)
    assert "число строк всех таблиц совпало" in out.getvalue()
    assert table_counts() == demo
    assert _files(media) == files_before


def test_damaged_backup_is_refused_and_nothing_changes(tmp_path, media, little) -> None:
    target = tmp_path / "backup"
    call_command("backup", str(target), stdout=io.StringIO())
    damaged = target / "media" / "reports" / "проверка.txt"
    damaged.write_text("подменённый текст", encoding="utf-8")
    call_command("flush", interactive=False, verbosity=0)
    after_flush = table_counts()
    with pytest.raises(CommandError, match="повреждён: контрольная сумма не совпадает"):
        call_command("restore", str(target), interactive=False, stdout=io.StringIO())
    assert table_counts() == after_flush


def test_backup_of_a_newer_schema_is_refused(tmp_path, media, little) -> None:
    target = tmp_path / "backup"
    call_command("backup", str(target), stdout=io.StringIO())
    manifest_path = target / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["migrations"]["core"].append("9999_from_the_future")
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(
        CommandError, match="более новой версией платформы.*core.9999_from_the_future"
    ):
        call_command("restore", str(target), interactive=False, stdout=io.StringIO())
    assert table_counts() == little


def test_backup_into_a_folder_with_files_is_refused(tmp_path, media) -> None:
    target = tmp_path / "busy"
    target.mkdir()
    (target / "чужой.txt").write_text("x", encoding="utf-8")
    with pytest.raises(CommandError, match="не пуста"):
        call_command("backup", str(target), stdout=io.StringIO())
    assert sorted(p.name for p in target.iterdir()) == ["чужой.txt"]


def test_a_folder_without_manifest_is_not_a_backup(tmp_path, media) -> None:
    with pytest.raises(CommandError, match="нет manifest.json"):
        call_command("restore", str(tmp_path), interactive=False, stdout=io.StringIO())
