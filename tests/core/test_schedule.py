"""The regular jobs: each runs when due and only then, one scheduler at a time, and a
failed job keeps its error while the others still run."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from zemlyaki.core.models import ScheduledRun
from zemlyaki.core.schedule import JOBS, Job, claim, run_due

pytestmark = pytest.mark.django_db

HOURLY = Job("hourly", ("hourly",), 3600, "каждый час")
DAILY = Job("daily", ("daily",), 86400, "раз в сутки")


class Runner:
    def __init__(self, failing=()):
        self.calls: list[tuple[str, ...]] = []
        self.failing = set(failing)

    def __call__(self, *command, stdout, stderr):
        self.calls.append(command)
        if command[0] in self.failing:
            raise RuntimeError("нет связи с почтовым сервером")
        stdout.write(f"{command[0]}: готово\n")


def test_each_job_runs_when_due_and_not_again_before_its_interval():
    runner = Runner()
    assert run_due((HOURLY, DAILY), runner) == ["hourly", "daily"]
    assert run_due((HOURLY, DAILY), runner) == []
    assert runner.calls == [("hourly",), ("daily",)]
    # Two hours later the hourly job is due again, the daily one is not.
    ScheduledRun.objects.update(started_at=timezone.now() - datetime.timedelta(hours=2))
    ScheduledRun.objects.filter(name="daily").update(
        started_at=timezone.now() - datetime.timedelta(hours=23)
    )
    assert run_due((HOURLY, DAILY), runner) == ["hourly"]
    last = ScheduledRun.objects.get(name="hourly")
    assert (last.ok, last.message) == (True, "hourly: готово")
    assert last.finished_at >= last.started_at


def test_a_failed_job_keeps_its_error_and_the_others_still_run():
    runner = Runner(failing={"hourly"})
    assert run_due((HOURLY, DAILY), runner) == ["hourly", "daily"]
    failed, done = ScheduledRun.objects.get(name="hourly"), ScheduledRun.objects.get(name="daily")
    assert failed.ok is False
    assert failed.message == "RuntimeError: нет связи с почтовым сервером"
    assert done.ok is True


def test_a_turn_is_taken_by_one_scheduler_only():
    now = timezone.now()
    assert claim(HOURLY, now) is True
    assert claim(HOURLY, now) is False  # the second node finds it taken
    assert ScheduledRun.objects.get(name="hourly").started_at == now


def test_a_run_still_going_is_not_started_again_until_it_is_abandoned():
    minutely = Job("minutely", ("minutely",), 60, "каждую минуту")
    began = timezone.now()
    assert claim(minutely, began) is True  # and it is still running: no finished_at
    assert claim(minutely, began + datetime.timedelta(minutes=5)) is False
    # A run whose process died never ends: after an hour its turn is taken again.
    assert claim(minutely, began + datetime.timedelta(minutes=61)) is True
    ScheduledRun.objects.filter(name="minutely").update(finished_at=timezone.now())
    assert claim(minutely, began + datetime.timedelta(minutes=62, seconds=30)) is True


def test_every_job_names_a_real_command_and_the_list_shows_them():
    from django.core.management import get_commands

    commands = get_commands()
    assert all(job.command[0] in commands for job in JOBS)
    assert len({job.name for job in JOBS}) == len(JOBS)
    ScheduledRun.objects.create(
        name="plan-remind",
        started_at=timezone.now(),
        finished_at=timezone.now(),
        ok=False,
        message="SMTPException: сервер недоступен",
    )
    out = io.StringIO()
    call_command("schedule", "--list", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == len(JOBS)
    assert "workspace-deliver (сообщения в мессенджер): ещё не запускалось" in lines
    plan = next(line for line in lines if line.startswith("plan-remind"))
    assert plan.endswith("ошибка: SMTPException: сервер недоступен")


def test_once_runs_the_real_jobs_that_are_due(mailoutbox):
    """The real commands, on an empty platform: each ends without error."""
    out = io.StringIO()
    call_command("schedule", "--once", stdout=out)
    runs = {r.name: r for r in ScheduledRun.objects.all()}
    assert set(runs) == {job.name for job in JOBS}
    assert {name: r.ok for name, r in runs.items() if not r.ok} == {}
    assert len(out.getvalue().splitlines()) == len(JOBS)
    out = io.StringIO()
    call_command("schedule", "--once", stdout=out)
    assert out.getvalue() == ""
