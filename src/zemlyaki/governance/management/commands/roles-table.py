from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from zemlyaki.governance.roles_table import document_path, render


class Command(BaseCommand):
    help = (
        "Собрать таблицу ролей и разрешений из правил django-rules всех приложений; "
        "с --write записать её в docs/roles-and-permissions.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--write", action="store_true", help="записать файл документации вместо вывода"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        text = render()
        if options["write"]:
            path = document_path()
            path.write_text(text, encoding="utf-8")
            self.stdout.write(f"Записано: {path}")
        else:
            self.stdout.write(text, ending="")
