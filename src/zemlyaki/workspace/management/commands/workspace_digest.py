from typing import Any

from django.core.management.base import BaseCommand

from zemlyaki.workspace.notify import send_digests


class Command(BaseCommand):
    help = "Разослать дневные сводки обсуждений тем, кто выбрал сводку (запускать раз в день)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Сводок отправлено: {send_digests()}")
