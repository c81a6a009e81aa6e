from typing import Any

from django.core.management.base import BaseCommand

from zemlyaki.workspace.messenger import deliver_due


class Command(BaseCommand):
    help = "Отправить ожидающие сообщения в мессенджер (запускать каждую минуту)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Сообщений отправлено: {deliver_due()}")
