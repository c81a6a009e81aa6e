"""API of the plan: plans, their tasks and consistency problems, changes of a task."""

import datetime
from typing import TYPE_CHECKING, Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from pydantic import field_validator

from zemlyaki.accounts.api_auth import api_user, require_api_perm, token_auth
from zemlyaki.core.api_schemas import (
    REFERENCE_LIMIT,
    DateIn,
    Id,
    Limit,
    Offset,
    Page,
    page_of,
    page_slice,
)

from . import selectors, services
from .models import Plan, Task, TaskStatus

router = Router(tags=["План"])

# The choices of a model field as a Literal for the API schema (an enum in OpenAPI);
# the type checker reads them as plain strings.
if TYPE_CHECKING:
    StatusLiteral = str
else:
    StatusLiteral = Literal[tuple(TaskStatus.values)]


def _strip(value: Any) -> Any:
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

    _strip_strings = field_validator("*", mode="before")(_strip)


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

    _strip_strings = field_validator("*", mode="before")(_strip)


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

    _strip_strings = field_validator("*", mode="before")(_strip)


class ProblemOut(Schema):
    kind: str
    kind_name: str
    tasks: list[str]
    task_ids: list[int]
    message: str


def _plan_out(plan: Plan, task_count: int, version: int | None) -> dict[str, Any]:
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


def _task_out(task: Task, problems: dict[int, list[Any]] | None = None) -> dict[str, Any]:
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


def _owners(data: dict[str, Any], current_person_id: int | None = None) -> None:
    """Replace body and person ids with the records (422 when missing). A person must be
    one the form offers (``selectors.owner_candidates``): anyone else is "not found"."""
    from zemlyaki.governance.models import Body

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


def _dependencies(plan: Plan, ids: list[int]) -> list[Task]:
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


@router.get("/plans", auth=token_auth, response=PlanPage, summary="Планы")
def plans(
    request: HttpRequest, q: str = "", limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    require_api_perm(request, "plan.view_plan")
    qs = selectors.plan_list(q=q, user=request.user)
    window = page_slice(limit, offset)
    from django.db.models import Max

    items = list(qs.annotate(top_version=Max("versions__number"))[window])
    return {
        "count": qs.count(),
        "items": [_plan_out(p, p.task_count, p.top_version) for p in items],  # type: ignore[attr-defined]  # annotated by plan_list
    }


@router.post("/plans", auth=token_auth, response={201: PlanOut}, summary="Создать план")
def plan_create(request: HttpRequest, payload: PlanIn) -> Status[Any]:
    require_api_perm(request, "plan.add_plan")
    plan = services.plan_create(actor=api_user(request), **payload.dict())
    return Status(201, _plan_out(plan, 0, None))


@router.get("/plans/{plan_id}", auth=token_auth, response=PlanOut, summary="План")
def plan_detail(request: HttpRequest, plan_id: Id) -> dict[str, Any]:
    plan = get_object_or_404(Plan, pk=plan_id)
    require_api_perm(request, "plan.view_plan", plan)
    version = selectors.plan_versions(plan).first()
    return _plan_out(plan, plan.tasks.count(), version.number if version else None)


@router.get(
    "/plans/{plan_id}/tasks", auth=token_auth, response=Page[TaskOut], summary="Мероприятия плана"
)
def plan_tasks(
    request: HttpRequest,
    plan_id: Id,
    status: str = "",
    limit: Limit = REFERENCE_LIMIT,
    offset: Offset = 0,
) -> dict[str, Any]:
    plan = get_object_or_404(Plan, pk=plan_id)
    require_api_perm(request, "plan.view_plan", plan)
    if status and status not in TaskStatus.values:
        raise ValidationError({"status": [_("Неизвестное состояние.")]})
    _problems, by_task = selectors.plan_problems_by_task(plan)
    qs = selectors.plan_tasks(plan, status=status)
    items = [_task_out(t, by_task) for t in qs[page_slice(limit, offset)]]
    return {"count": qs.count(), "items": items}


@router.post(
    "/plans/{plan_id}/tasks",
    auth=token_auth,
    response={201: TaskOut},
    summary="Добавить мероприятие",
)
def task_create(request: HttpRequest, plan_id: Id, payload: TaskIn) -> Status[Any]:
    plan = get_object_or_404(Plan, pk=plan_id)
    require_api_perm(request, "plan.add_task", plan)
    data = payload.dict()
    _owners(data)
    data["depends_on"] = _dependencies(plan, data["depends_on"])
    task = services.task_create(actor=api_user(request), plan=plan, **data)
    return Status(201, _task_out(selectors.plan_tasks(plan).get(pk=task.pk)))


@router.get(
    "/plans/{plan_id}/problems",
    auth=token_auth,
    response=Page[ProblemOut],
    summary="Замечания к плану",
)
def plan_problems(
    request: HttpRequest, plan_id: Id, limit: Limit = REFERENCE_LIMIT, offset: Offset = 0
) -> dict[str, Any]:
    plan = get_object_or_404(Plan, pk=plan_id)
    require_api_perm(request, "plan.view_plan", plan)
    rows = [
        {
            "kind": p.kind,
            "kind_name": p.kind_label,
            "tasks": p.tasks,
            "task_ids": p.task_ids,
            "message": p.message,
        }
        for p in selectors.plan_problems(plan)
    ]
    return page_of(rows, limit, offset)


@router.patch("/tasks/{task_id}", auth=token_auth, response=TaskOut, summary="Изменить мероприятие")
def task_update(request: HttpRequest, task_id: Id, payload: TaskPatch) -> dict[str, Any]:
    task = get_object_or_404(Task.objects.select_related("plan"), pk=task_id)
    require_api_perm(request, "plan.change_task", task)
    data = payload.dict(exclude_unset=True)
    for key in ("number", "title", "description", "status", "follows_previous"):
        if key in data and data[key] is None:
            data.pop(key)
    _owners(data, task.owner_person_id)
    depends = data.pop("depends_on", None)
    reason = data.pop("reason", "")
    services.task_update(
        actor=api_user(request),
        task=task,
        depends_on=_dependencies(task.plan, depends) if depends is not None else None,
        reason=reason,
        **data,
    )
    _problems, by_task = selectors.plan_problems_by_task(task.plan)
    return _task_out(selectors.plan_tasks(task.plan).get(pk=task.pk), by_task)
