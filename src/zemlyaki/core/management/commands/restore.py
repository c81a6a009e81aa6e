from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zemlyaki.core.backup import read_manifest, restore_backup
from zemlyaki.core.errors import DomainError


class Command(BaseCommand):
    help = "Восстановить платформу из резервной копии: база и файлы будут заменены."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", help="папка резервной копии (с manifest.json)")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="не спрашивать подтверждения",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source = Path(options["directory"]).resolve()
        try:
            manifest = read_manifest(source)
            if options["interactive"]:
                answer = input(
                    f"Копия от {manifest['created_at']}. Текущие данные будут заменены. "
                    "Продолжить? Введите «да»: "
                )
                if answer.strip().lower() != "да":
                    raise CommandError("Восстановление отменено.")
            differences = restore_backup(source, say=self.stdout.write)
        except DomainError as error:
            raise CommandError(error.message) from error
        if differences:
            for table, pair in sorted(differences.items()):
                self.stderr.write(
                    f"  {table}: в копии {pair['manifest']}, восстановлено {pair['restored']}"
                )
            raise CommandError("Число строк после восстановления не совпало с копией.")
        self.stdout.write(f"Восстановлено из {source}: число строк всех таблиц совпало с копией.")
