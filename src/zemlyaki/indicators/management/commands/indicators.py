from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from zemlyaki.indicators.models import Indicator
from zemlyaki.indicators.refresh import indicators_refresh


class Command(BaseCommand):
    help = (
        "Показатели: zemlyaki indicators refresh [--code КОД ...] — вычислить фактические "
        "значения вычисляемых показателей по данным платформы (ежедневно по расписанию)"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        refresh = sub.add_parser("refresh", help="вычислить значения показателей")
        refresh.add_argument("--code", action="append", default=[], help="только этот показатель")
        refresh.add_argument(
            "--all-years",
            action="store_true",
            help="пересчитать все годы стратегии (по умолчанию — текущий и прошлый год и "
            "ещё не вычисленные)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        chosen = Indicator.objects.filter(code__in=options["code"]) if options["code"] else None
        result = indicators_refresh(indicators=chosen, all_years=options["all_years"])
        self.stdout.write(
            f"Показателей вычислено: {len(result.refreshed)}, значений: {result.values}, "
            f"с ошибкой: {len(result.failed)}."
        )
        for code, error in result.failed.items():
            self.stderr.write(f"{code}: {error}")
        if result.failed:
            raise SystemExit(1)
