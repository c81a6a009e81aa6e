"""Deadlines to the messenger: the plan's tasks of a connected body that fall due in
``ZEMLYAKI_PLAN_REMIND_DAYS`` days go out as one message each, once per task and date.

The tasks are read through the ``linkables`` registry (``plan.task``), not by importing
the plan: a task carries ``owner_body``, ``due_date`` and ``status``."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.core.registries import linkables
from zemlyaki.core.urls_public import absolute_url

from .messenger import queue_text
from .models import Connection

CLOSED = ("done", "cancelled")


def deadlines_queue(today: datetime.date | None = None, days: int | None = None) -> int:
    """Queue the deadline messages for today; returns how many new ones were queued."""
    tasks_kind = linkables.get("plan.task")
    if tasks_kind is None:
        return 0
    today = today or timezone.localdate()
    if days is None:
        days = int(getattr(settings, "ZEMLYAKI_PLAN_REMIND_DAYS", 3))
    due = today + datetime.timedelta(days=days)
    queued = 0
    for connection in Connection.objects.filter(enabled=True).select_related("space"):
        tasks = (
            tasks_kind.objects()
            .filter(owner_body_id=connection.space.body_id, due_date=due)
            .exclude(status__in=CLOSED)
            .order_by("pk")
        )
        for task in tasks:
            link = absolute_url(reverse("plan:task_edit", args=[task.pk]))
            text = _("Срок %(date)s: «%(task)s»\n%(link)s") % {
                "date": due.strftime("%d.%m.%Y"),
                "task": task,
                "link": link,
            }
            _delivery, created = queue_text(
                connection, f"deadline:{task.pk}:{due.isoformat()}", text
            )
            queued += int(created)
    return queued
