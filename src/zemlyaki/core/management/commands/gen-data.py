from importlib import import_module
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser


def _generators() -> list[Any]:
    """Each app may have a ``gendata`` module with ``add_arguments(parser)`` and
    ``generate(options, out)``; they run in the order of ZEMLYAKI_APPS."""
    modules = []
    for app in settings.ZEMLYAKI_APPS:
        try:
            modules.append(import_module(f"{app}.gendata"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.gendata":
                raise
    return modules


class Command(BaseCommand):
    help = "Создать синтетические данные для нагрузочных замеров (не демонстрационные)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1)
        for module in _generators():
            module.add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        for module in _generators():
            module.generate(options, lambda s: self.stdout.write(s))
