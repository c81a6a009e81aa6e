from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from zemlyaki.standard.reminders import standard_send_reminders


class Command(BaseCommand):
    help = (
        "Стандарт работы: zemlyaki standard remind [--days N] — напомнить руководителям "
        "землячеств, не представившим самооценку, о сроке (повторный запуск писем не дублирует)"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        remind = sub.add_parser("remind", help="разослать напоминания о сроке самооценки")
        remind.add_argument("--days", type=int, default=7, help="за сколько дней до срока")

    def handle(self, *args: Any, **options: Any) -> None:
        sent = standard_send_reminders(days=options["days"])
        self.stderr.write(f"Отправлено напоминаний: {sent}.")
