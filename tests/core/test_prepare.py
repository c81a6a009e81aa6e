"""`zemlyaki prepare` (what `make run` does before serving): each step said in Russian,
and the static files collected only when they changed."""

import io

import pytest
from django.core.management import call_command

from zemlyaki.core.management.commands import prepare


@pytest.fixture
def static_root(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    return settings.STATIC_ROOT


def run() -> str:
    out = io.StringIO()
    call_command("prepare", "--no-demo", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_static_files_are_collected_once_until_they_change(static_root, monkeypatch):
    first = run()
    assert "Готовлю базу данных (миграции)… готово" in first
    assert "Загружаю справочники регионов… готово" in first
    assert "Собираю статические файлы" in first
    assert (static_root / "zemlyaki" / "css" / "site.css").exists()
    assert (static_root / prepare.STAMP_NAME).read_text() == prepare.static_fingerprint()

    second = run()
    assert "не менялись, пропускаю сборку" in second
    assert "Собираю статические файлы" not in second

    monkeypatch.setattr(prepare, "static_fingerprint", lambda: "changed")
    assert "Собираю статические файлы" in run()
