"""Calendar feeds (iCalendar) of deadlines, reachable by a signed link.

A calendar application cannot sign in, so a feed's address carries a signature of
what it shows (a body or a person); nobody can guess the address of another feed.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core import signing
from django.utils import timezone

from .models import Task

SALT = "zemlyaki.plan.ical"
KINDS = {"body", "person"}


def feed_token(kind: str, pk: int) -> str:
    if kind not in KINDS:
        raise ValueError(kind)
    return signing.dumps({"k": kind, "id": pk}, salt=SALT)


def read_token(token: str) -> tuple[str, int] | None:
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if (
        not isinstance(data, dict)
        or data.get("k") not in KINDS
        or not isinstance(data.get("id"), int)
    ):
        return None
    return data["k"], data["id"]


def build_calendar(name: str, tasks: Iterable[Task], *, site: str = "") -> bytes:
    """One all-day event on the deadline of each task."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//Zemlyaki//Plan deadlines//RU")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Moscow")
    stamp = timezone.now()
    for task in tasks:
        if task.due_date is None:
            continue
        event = Event()
        event.add("uid", f"plan-task-{task.pk}@zemlyaki")
        event.add("dtstamp", stamp)
        event.add("dtstart", task.due_date)
        event.add("dtend", task.due_date + datetime.timedelta(days=1))
        event.add("summary", f"{task.number}. {task.short_title}")
        lines: list[Any] = [task.title, f"План: {task.plan.title}"]
        if task.owner_label():
            lines.append(f"Ответственные: {task.owner_label()}")
        lines.append(f"Состояние: {task.get_status_display()}")
        event.add("description", "\n".join(str(line) for line in lines))
        event.add("categories", [str(task.plan.title)])
        if site:
            event.add("url", f"{site}{task.plan.get_absolute_url()}#task-{task.pk}")
        calendar.add_component(event)
    return calendar.to_ical()
