from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from zemlyaki.events.mail import send_reminders


class Command(BaseCommand):
    help = "Разослать напоминания участникам мероприятий, которые начнутся в ближайшие часы."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--hours", type=int, default=24, help="за сколько часов (24)")

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_reminders(within_hours=options["hours"])
        self.stdout.write(f"Отправлено напоминаний: {sent}")
