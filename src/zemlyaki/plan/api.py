"""API of the plan: plans, their tasks and consistency problems, changes of a task."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status

from zemlyaki.accounts.api_auth import api_user, require_api_perm, token_auth
from zemlyaki.core.api_schemas import REFERENCE_LIMIT, Id, Limit, Offset, Page, page_of, page_slice

from . import selectors, services
from .api_schemas import (
    PlanIn,
    PlanOut,
    PlanPage,
    PlanPatch,
    ProblemOut,
    TaskIn,
    TaskOut,
    TaskPatch,
    dependencies_in,
    owners_from_ids,
    plan_out,
    task_out,
)
from .models import Plan, Task, TaskStatus

router = Router(tags=["План"])


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
        "items": [plan_out(p, p.task_count, p.top_version) for p in items],  # type: ignore[attr-defined]  # annotated by plan_list
    }


@router.post("/plans", auth=token_auth, response={201: PlanOut}, summary="Создать план")
def plan_create(request: HttpRequest, payload: PlanIn) -> Status[Any]:
    require_api_perm(request, "plan.add_plan")
    plan = services.plan_create(actor=api_user(request), **payload.dict())
    return Status(201, plan_out(plan, 0, None))


@router.get("/plans/{plan_id}", auth=token_auth, response=PlanOut, summary="План")
def plan_detail(request: HttpRequest, plan_id: Id) -> dict[str, Any]:
    plan = get_object_or_404(Plan, pk=plan_id)
    require_api_perm(request, "plan.view_plan", plan)
    version = selectors.plan_versions(plan).first()
    return plan_out(plan, plan.tasks.count(), version.number if version else None)


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
    items = [task_out(t, by_task) for t in qs[page_slice(limit, offset)]]
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
    owners_from_ids(data)
    data["depends_on"] = dependencies_in(plan, data["depends_on"])
    task = services.task_create(actor=api_user(request), plan=plan, **data)
    return Status(201, task_out(selectors.plan_tasks(plan).get(pk=task.pk)))


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
    owners_from_ids(data, task.owner_person_id)
    depends = data.pop("depends_on", None)
    reason = data.pop("reason", "")
    services.task_update(
        actor=api_user(request),
        task=task,
        depends_on=dependencies_in(task.plan, depends) if depends is not None else None,
        reason=reason,
        **data,
    )
    _problems, by_task = selectors.plan_problems_by_task(task.plan)
    return task_out(selectors.plan_tasks(task.plan).get(pk=task.pk), by_task)


@router.patch("/plans/{plan_id}", auth=token_auth, response=PlanOut, summary="Изменить план")
def plan_update(request: HttpRequest, plan_id: Id, payload: PlanPatch) -> dict[str, Any]:
    plan = get_object_or_404(Plan, pk=plan_id)
    require_api_perm(request, "plan.change_plan", plan)
    data = payload.dict(exclude_unset=True)
    empty = [k for k, v in data.items() if v is None]
    if empty:
        raise ValidationError({k: [_("Поле не может быть пустым.")] for k in empty})
    plan = services.plan_update(actor=api_user(request), plan=plan, **data)
    version = selectors.plan_versions(plan).first()
    return plan_out(plan, plan.tasks.count(), version.number if version else None)


@router.delete("/plans/{plan_id}", auth=token_auth, response={204: None}, summary="Удалить план")
def plan_delete(request: HttpRequest, plan_id: Id) -> Status[Any]:
    plan = get_object_or_404(Plan, pk=plan_id)
    require_api_perm(request, "plan.delete_plan", plan)
    services.plan_delete(actor=api_user(request), plan=plan)
    return Status(204, None)


@router.delete(
    "/tasks/{task_id}", auth=token_auth, response={204: None}, summary="Удалить мероприятие"
)
def task_delete(request: HttpRequest, task_id: Id) -> Status[Any]:
    task = get_object_or_404(Task.objects.select_related("plan"), pk=task_id)
    require_api_perm(request, "plan.delete_task", task)
    services.task_delete(actor=api_user(request), task=task)
    return Status(204, None)
