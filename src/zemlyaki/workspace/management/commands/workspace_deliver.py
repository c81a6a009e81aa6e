from typing import Any

from django.core.management.base import BaseCommand

from zemlyaki.workspace.deadlines import deadlines_queue
from zemlyaki.workspace.messenger import deliver_due


class Command(BaseCommand):
    help = (
        "Отправить ожидающие сообщения в мессенджер (запускать каждую минуту); "
        "с --deadlines сначала поставить в очередь сроки мероприятий плана (раз в день)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--deadlines", action="store_true", help="Поставить в очередь сроки.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["deadlines"]:
            self.stdout.write(f"Сроков в очереди: {deadlines_queue()}")
        self.stdout.write(f"Сообщений отправлено: {deliver_due()}")
