"""Measures of the plan for indicators (``core.registries.measures``)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from zemlyaki.core.registries import Measure, Period

from .models import Task, TaskStatus


def tasks_done_share(association: Any, period: Period) -> float:
    """Of the plan tasks due within the period (cancelled ones aside), the share done, in
    percent; 0 when none was due. A task keeps no date of completion, so a task counts as
    done on time when it is done and its due date fell in the period. Plans belong to the
    whole community: the value is the same for every association."""
    due = Task.objects.filter(due_date__gte=period.start, due_date__lte=period.end).exclude(
        status=TaskStatus.CANCELLED
    )
    total = due.count()
    if not total:
        return 0.0
    return round(100 * due.filter(status=TaskStatus.DONE).count() / total, 2)


MEASURES = [
    Measure(
        "plan.tasks_done", _("Доля мероприятий плана, выполненных в срок"), _("%"), tasks_done_share
    )
]
