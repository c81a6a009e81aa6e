"""Schemas and answer builders of the plan's API, shared by its routers."""

import datetime
from typing import TYPE_CHECKING, Any, Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import field_validator

from zemlyaki.core.api_schemas import DateIn, Id

from .models import Plan, Task, TaskStatus

# The choices of a model field as a Literal for the API schema (an enum in OpenAPI);
# the type checker reads them as plain strings.
if TYPE_CHECKING:
    StatusLiteral = str
else:
    StatusLiteral = Literal[tuple(TaskStatus.values)]


def strip_text(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class PlanOut(Schema):
    id: int
    title: str
    description: str
    is_main: bool
    source: str
    task_count: int
    approved_version: int | None
    is_demo: bool


class PlanPage(Schema):
    count: int
    items: list[PlanOut]


class PlanIn(Schema):
    title: str = Field(..., min_length=1, max_length=300)
    description: str = ""
    is_main: bool = False

    _strip_strings = field_validator("*", mode="before")(strip_text)


class PlanPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=300)
    description: str | None = None
    is_main: bool | None = None

    _strip_strings = field_validator("*", mode="before")(strip_text)


class OwnerOut(Schema):
    id: int
    name: str


class TaskOut(Schema):
    id: int
    plan: int
    position: int
    number: str
    title: str
    description: str
    owner_body: OwnerOut | None
    owner_person: OwnerOut | None
    start_date: datetime.date | None
    due_date: datetime.date | None
    status: str
    status_name: str
    depends_on: list[int]
    depends_on_numbers: list[str]
    follows_previous: bool
    problems: list[str]


class TaskIn(Schema):
    number: str = Field(..., min_length=1, max_length=20)
    title: str = Field(..., min_length=1)
    description: str = ""
    owner_body: Id | None = None
    owner_person: Id | None = None
    start_date: DateIn | None = None
    due_date: DateIn | None = None
    status: StatusLiteral = TaskStatus.NOT_STARTED.value
    depends_on: list[Id] = []
    follows_previous: bool = False

    _strip_strings = field_validator("*", mode="before")(strip_text)


class TaskPatch(Schema):
    number: str | None = Field(None, min_length=1, max_length=20)
    title: str | None = Field(None, min_length=1)
    description: str | None = None
    owner_body: Id | None = None
    owner_person: Id | None = None
    start_date: DateIn | None = None
    due_date: DateIn | None = None
    status: StatusLiteral | None = None
    depends_on: list[Id] | None = None
    follows_previous: bool | None = None
    reason: str = Field("", max_length=500)

    _strip_strings = field_validator("*", mode="before")(strip_text)


class ProblemOut(Schema):
    kind: str
    kind_name: str
    tasks: list[str]
    task_ids: list[int]
    message: str


def plan_out(plan: Plan, task_count: int, version: int | None) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "title": plan.title,
        "description": plan.description,
        "is_main": plan.is_main,
        "source": plan.source,
        "task_count": task_count,
        "approved_version": version,
        "is_demo": plan.is_demo,
    }


def task_out(task: Task, problems: dict[int, list[Any]] | None = None) -> dict[str, Any]:
    deps = sorted(task.depends_on.all(), key=lambda t: (t.position, t.pk))
    return {
        "id": task.pk,
        "plan": task.plan_id,
        "position": task.position,
        "number": task.number,
        "title": task.title,
        "description": task.description,
        "owner_body": {"id": task.owner_body.pk, "name": task.owner_body.name}
        if task.owner_body
        else None,
        "owner_person": {"id": task.owner_person.pk, "name": task.owner_person.full_name}
        if task.owner_person
        else None,
        "start_date": task.start_date,
        "due_date": task.due_date,
        "status": task.status,
        "status_name": str(task.get_status_display()),
        "depends_on": [d.pk for d in deps],
        "depends_on_numbers": [d.number for d in deps],
        "follows_previous": task.follows_previous,
        "problems": [p.kind for p in (problems or {}).get(task.pk, [])],
    }


def owners_from_ids(data: dict[str, Any], current_person_id: int | None = None) -> None:
    """Replace body and person ids with the records (422 when missing). A person must be
    one the form offers (``selectors.owner_candidates``): anyone else is "not found"."""
    from zemlyaki.governance.models import Body

    from . import selectors

    errors: dict[str, list[str]] = {}
    if data.get("owner_body") is not None:
        body = Body.objects.filter(pk=data["owner_body"]).first()
        if body is None:
            errors["owner_body"] = [_("Орган не найден.")]
        data["owner_body"] = body
    if data.get("owner_person") is not None:
        candidates = selectors.owner_candidates(current_person_id)
        person = candidates.filter(pk=data["owner_person"]).first()
        if person is None:
            errors["owner_person"] = [_("Участник не найден.")]
        data["owner_person"] = person
    if errors:
        raise ValidationError(errors)


def dependencies_in(plan: Plan, ids: list[int]) -> list[Task]:
    found = {t.pk: t for t in Task.objects.filter(plan=plan, pk__in=ids)}
    missing = [str(i) for i in ids if i not in found]
    if missing:
        raise ValidationError(
            {
                "depends_on": [
                    _("Мероприятия %(numbers)s нет в этом плане.") % {"numbers": ", ".join(missing)}
                ]
            }
        )
    return [found[i] for i in dict.fromkeys(ids)]
