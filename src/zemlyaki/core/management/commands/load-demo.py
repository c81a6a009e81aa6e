from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from zemlyaki.core.demo import database_empty, load_demo


class Command(BaseCommand):
    help = "Загрузить демонстрационные данные (только в пустую базу с --if-empty)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="загрузить, только если в базе нет ни землячеств, ни пользователей",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and not database_empty():
            self.stdout.write("База не пуста: демонстрационные данные не загружались.")
            return
        lines = load_demo(lambda s: self.stdout.write(s))
        self.stdout.write("Демонстрационные данные загружены.")
        for line in lines:
            self.stdout.write(line)
