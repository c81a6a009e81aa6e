"""``zemlyaki schedule``: the process that runs the platform's regular jobs (reminders,
digests, messenger delivery, indicator values) at their intervals; ``--once`` runs what
is due and ends (for cron), ``--list`` shows each job's last run."""

import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from zemlyaki.core.models import ScheduledRun
from zemlyaki.core.schedule import JOBS, run_due

TICK = 30  # seconds between looks at the jobs


class Command(BaseCommand):
    help = "Выполняет регулярные задания платформы по их расписанию."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="выполнить то, чему пора, и выйти")
        parser.add_argument("--list", action="store_true", help="показать последние запуски")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            self.show()
            return
        while True:
            for name in run_due():
                self.stdout.write(f"{timezone.localtime():%d.%m.%Y %H:%M} — выполнено: {name}")
            if options["once"]:
                return
            close_old_connections()
            time.sleep(TICK)

    def show(self) -> None:
        runs = {r.name: r for r in ScheduledRun.objects.all()}
        for job in JOBS:
            last = runs.get(job.name)
            if last is None or last.started_at is None:
                state = "ещё не запускалось"
            elif last.ok is None:
                state = f"идёт с {timezone.localtime(last.started_at):%d.%m.%Y %H:%M}"
            else:
                result = "без ошибок" if last.ok else f"ошибка: {last.message.splitlines()[-1]}"
                state = f"{timezone.localtime(last.started_at):%d.%m.%Y %H:%M}, {result}"
            self.stdout.write(f"{job.name} ({job.title}): {state}")
