from typing import Any

from django.core.management.base import BaseCommand

from zemlyaki.core.reference import load_reference


class Command(BaseCommand):
    help = "Загрузить справочники: федеральные округа и субъекты РФ (повторный запуск безопасен)."

    def handle(self, *args: Any, **options: Any) -> None:
        districts, regions = load_reference()
        self.stdout.write(
            f"Справочники загружены: новых федеральных округов {districts}, субъектов {regions}."
        )
