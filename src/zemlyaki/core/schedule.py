"""The platform's regular jobs and the one process that runs them (``zemlyaki schedule``).

Each job is a management command with an interval. A job is due when its last start is
older than the interval; it is claimed by one conditional update of its row, so that two
schedulers (two nodes) never run it at once, and its end is recorded with the outcome —
a failed job keeps its error for the administrator and is tried again at its next turn.
The jobs themselves remember what they sent (reminders, digests), so a run repeated after
a restart tells no one twice.
"""

import datetime
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone

from .models import ScheduledRun

log = logging.getLogger(__name__)

MINUTE, HOUR, DAY = 60, 3600, 86400


@dataclass(frozen=True)
class Job:
    name: str
    command: tuple[str, ...]
    every: int  # seconds
    title: str


JOBS: tuple[Job, ...] = (
    Job("workspace-deliver", ("workspace_deliver",), MINUTE, "сообщения в мессенджер"),
    Job("events-remind", ("events-remind",), HOUR, "напоминания о мероприятиях"),
    Job("plan-remind", ("plan", "remind"), DAY, "напоминания о сроках плана"),
    Job("standard-remind", ("standard", "remind"), DAY, "напоминания о самооценке"),
    Job("indicators-refresh", ("indicators", "refresh"), DAY, "значения показателей"),
    Job("workspace-digest", ("workspace_digest",), DAY, "дневные сводки обсуждений"),
    Job(
        "workspace-deadlines",
        ("workspace_deliver", "--deadlines"),
        DAY,
        "сроки плана в мессенджер",
    ),
)


def claim(job: Job, now: datetime.datetime) -> bool:
    """Take the job's turn if it is due; False when it is not due, another took it, or
    its last run is still going (a run that never ended — its process was killed — is
    taken again once it is older than an hour, or than the interval if that is longer)."""
    ScheduledRun.objects.get_or_create(name=job.name)
    since = now - datetime.timedelta(seconds=job.every)
    abandoned = now - datetime.timedelta(seconds=max(job.every, HOUR))
    due = Q(started_at__isnull=True) | (
        Q(started_at__lte=since) & (Q(finished_at__isnull=False) | Q(started_at__lte=abandoned))
    )
    return bool(
        ScheduledRun.objects.filter(due, name=job.name).update(
            started_at=now, finished_at=None, ok=None, message=""
        )
    )


def run(job: Job, runner: Callable[..., object] = call_command) -> bool:
    """Run one claimed job and record how it ended."""
    out = io.StringIO()
    try:
        runner(*job.command, stdout=out, stderr=out)
    except (Exception, SystemExit) as exc:  # a job's failure must not stop the others
        ok, message = False, f"{out.getvalue()}\n{type(exc).__name__}: {exc}".strip()
        log.exception("Регулярное задание %s не выполнилось", job.name)
    else:
        ok, message = True, out.getvalue().strip()
    ScheduledRun.objects.filter(name=job.name).update(
        finished_at=timezone.now(), ok=ok, message=message[-4000:]
    )
    return ok


def run_due(
    jobs: tuple[Job, ...] = JOBS, runner: Callable[..., object] = call_command
) -> list[str]:
    """Run every job that is due now; the names of those run."""
    done = []
    for job in jobs:
        if claim(job, timezone.now()):
            run(job, runner)
            done.append(job.name)
    return done
