from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from zemlyaki.core.registries import data_generators


class Command(BaseCommand):
    help = "Создать синтетические данные для нагрузочных замеров (не демонстрационные)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1)
        # Each app registers its generator (core.registries.DataGenerator) in
        # AppConfig.ready(); they run in the order of ZEMLYAKI_APPS.
        for generator in data_generators:
            generator.add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        for generator in data_generators:
            generator.generate(options, lambda s: self.stdout.write(s))
