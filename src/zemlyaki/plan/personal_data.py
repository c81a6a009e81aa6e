"""What the plan app holds about a person of the registry, for «Мои данные» and for the
erasure of their data (``core.registries.personal_data``).

A task of a plan may name a person responsible for it. The task is the plan's record,
not the person's data: on erasure it keeps pointing to the card, which the people app
anonymises, so the holder reports 0 records changed."""

from typing import Any

from django.utils.translation import gettext_lazy

from zemlyaki.core.actors import Actor
from zemlyaki.core.personal_data import audit_forget
from zemlyaki.core.registries import PersonalDataHolder

from .models import Task


def _d(value: Any) -> Any:
    return value.isoformat() if value else None


def tasks_export(person: Any, user: Any) -> list[dict[str, Any]]:
    tasks = Task.objects.filter(owner_person=person).select_related("plan")
    return [
        {
            "plan": str(t.plan),
            "number": t.number,
            "task": t.title,
            "due_date": _d(t.due_date),
            "status": t.get_status_display(),
        }
        for t in tasks.order_by("plan", "position", "pk")
    ]


def tasks_erase(person: Any, user: Any, actor: Actor | None) -> int:
    """Kept as the plan's record; the anonymised card names nobody, nor does the log of
    the tasks any more."""
    audit_forget(Task.objects.filter(owner_person=person), person=person, user=user)
    return 0


HOLDERS = [
    PersonalDataHolder(
        "plan.tasks",
        gettext_lazy("Ответственность за мероприятия плана"),
        tasks_export,
        tasks_erase,
    ),
]
