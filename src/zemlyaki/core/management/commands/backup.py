from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zemlyaki.core.backup import make_backup
from zemlyaki.core.errors import DomainError


class Command(BaseCommand):
    help = "Сделать резервную копию: база данных, загруженные файлы и manifest.json."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", help="новая или пустая папка для копии")

    def handle(self, *args: Any, **options: Any) -> None:
        target = Path(options["directory"]).resolve()
        try:
            manifest = make_backup(target, say=self.stdout.write)
        except DomainError as error:
            raise CommandError(error.message) from error
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            f"Резервная копия готова: {target} (таблиц {len(manifest['counts'])}, "
            f"строк {rows}, файлов {len(manifest['files'])})."
        )
