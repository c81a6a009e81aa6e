"""The plan on the home page: the open tasks of a leader's association (tasks owned by its
members, by the leader, or by a body the leader sits on) and the coordinator's figure of
overdue tasks."""

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.core.registries import HomeItem
from zemlyaki.core.typography import plural

from .models import CLOSED_STATUSES, Task


def _open_tasks() -> Any:
    return Task.objects.exclude(status__in=CLOSED_STATUSES)


def my_association_tasks(request: Any) -> dict[str, Any]:
    user = request.user
    today = timezone.localdate()
    mine = (
        Q(owner_person__memberships__association__leaders=user)
        | Q(owner_person__user=user)
        | Q(owner_body__members__person__user=user)
    )
    tasks = (
        _open_tasks()
        .filter(mine)
        .select_related("plan")
        .distinct()
        .order_by("due_date", "plan_id", "pk")[:10]
    )
    items = []
    for task in tasks:
        late = bool(task.due_date and task.due_date < today)
        due = task.due_date.strftime("%d.%m.%Y") if task.due_date else ""
        meta = (
            (_("просрочено: срок %(date)s") if late else _("срок %(date)s")) % {"date": due}
            if due
            else _("срок не указан")
        )
        items.append(
            {
                "title": str(task),
                "url": f"{task.plan.get_absolute_url()}#task-{task.pk}",
                "meta": meta,
                "late": late,
            }
        )
    return {"key": "plan:my-tasks", "title": _("Мероприятия плана"), "items": items}


def overdue_tasks(request: Any) -> dict[str, Any]:
    n = _open_tasks().filter(due_date__lt=timezone.localdate()).count()
    return {
        "key": "plan:overdue",
        "value": n,
        "label": plural(
            n, _("мероприятие просрочено,мероприятия просрочено,мероприятий просрочено")
        ),
        "url": reverse("plan:plan_list"),
    }


ITEMS = [
    HomeItem(
        "plan:my-tasks",
        "core/partials/_home_list.html",
        my_association_tasks,
        roles=frozenset({"leader"}),
        order=45,
    ),
    HomeItem(
        "plan:overdue",
        "core/partials/_home_figure.html",
        overdue_tasks,
        roles=frozenset({"coordinator"}),
        order=30,
        kind="figure",
    ),
]
