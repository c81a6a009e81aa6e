"""``zemlyaki prepare``: everything ``make run`` does before serving, in one process
(Django starts once, not four times), each step said in Russian with its time.

1. the database: migrations;
2. the reference books (federal districts and regions);
3. the demonstration data, when the database is empty;
4. the static files, collected only when they changed since the last collection (a stamp
   of their names, sizes and times is kept in STATIC_ROOT).
"""

import hashlib
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.core.management.base import BaseCommand

from zemlyaki.core.demo import database_empty

STAMP_NAME = ".collected"


def static_fingerprint() -> str:
    """A hash of every static file the finders see: its path, size and modification time."""
    digest = hashlib.sha256()
    entries = []
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            full = Path(storage.path(path))
            stat = full.stat()
            entries.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    for entry in sorted(entries):
        digest.update(entry.encode())
    digest.update(str(settings.STORAGES["staticfiles"]["BACKEND"]).encode())
    return digest.hexdigest()


class Command(BaseCommand):
    help = "Готовит платформу к запуску: база, справочники, демо-данные, статика."
    # The system checks import every address of the site, which the server does again
    # right after; they are run by `make lint` and the tests, not on every start.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--no-demo", action="store_true", help="Не загружать демонстрационные данные."
        )

    def step(self, title: str) -> float:
        self.stdout.write(f"{title}…", ending="")
        self.stdout.flush()
        return time.monotonic()

    def done(self, began: float, note: str = "готово") -> None:
        self.stdout.write(f" {note} ({time.monotonic() - began:.1f} с)")

    def handle(self, *args: Any, **options: Any) -> None:
        began = self.step("Готовлю базу данных (миграции)")
        call_command("migrate", interactive=False, verbosity=0)
        self.done(began)

        began = self.step("Загружаю справочники регионов")
        call_command("load-reference", verbosity=0, stdout=_Quiet())
        self.done(began)

        if not options["no_demo"]:
            if database_empty():
                began = self.step("Загружаю демонстрационные данные")
                out = _Quiet()
                call_command("load-demo", stdout=out)
                self.done(began)
                self.stdout.write(out.text.rstrip())
            else:
                self.stdout.write("Демонстрационные данные: база не пуста, пропускаю.")

        began = self.step("Проверяю статические файлы")
        root = Path(settings.STATIC_ROOT)
        stamp = root / STAMP_NAME
        fingerprint = static_fingerprint()
        if stamp.exists() and stamp.read_text() == fingerprint:
            self.done(began, "не менялись, пропускаю сборку")
        else:
            self.stdout.write(" изменились.")
            began = self.step("Собираю статические файлы")
            call_command("collectstatic", interactive=False, verbosity=0)
            root.mkdir(parents=True, exist_ok=True)
            stamp.write_text(fingerprint)
            self.done(began)


class _Quiet:
    """A stdout that keeps what a command wrote, for a short summary instead."""

    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        return None
