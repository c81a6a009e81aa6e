"""Reads of the plan."""

import datetime
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from zemlyaki.core.text import search_q

from .checks import Problem, TaskRecord, find_problems, problems_by_task
from .models import CLOSED_STATUSES, Plan, PlanVersion, Task, TaskDateChange, TaskStatus


def plan_list(*, q: str = "", user: Any) -> QuerySet[Plan]:
    """The plans ``user`` may read with the number of their tasks, of open ones and of
    overdue ones."""
    today = timezone.localdate()
    open_q = ~Q(tasks__status__in=CLOSED_STATUSES)
    qs = Plan.objects.visible_to(user).annotate(
        task_count=Count("tasks", distinct=True),
        open_count=Count("tasks", filter=open_q, distinct=True),
        overdue_count=Count("tasks", filter=open_q & Q(tasks__due_date__lt=today), distinct=True),
        version_count=Count("versions", distinct=True),
    )
    if q.strip():
        qs = qs.filter(search_q(q))
    return qs.order_by("-is_main", "title", "id")


def main_plan() -> Plan | None:
    return Plan.objects.filter(is_main=True).first()


def plan_tasks(plan: Plan, *, status: str = "", q: str = "") -> QuerySet[Task]:
    """The tasks of a plan in order, with owners, dependencies, results and date changes."""
    qs = (
        Task.objects.filter(plan=plan)
        .select_related("owner_body", "owner_person")
        .prefetch_related(
            Prefetch("depends_on", queryset=Task.objects.only("id", "number", "plan_id")),
            "results",
            Prefetch(
                "date_changes",
                queryset=TaskDateChange.objects.select_related("version").order_by(
                    "changed_at", "id"
                ),
            ),
        )
        .order_by("position", "id")
    )
    if status:
        qs = qs.filter(status=status)
    if q.strip():
        qs = qs.filter(search_q(q))
    return qs


def task_records(plan: Plan) -> list[TaskRecord]:
    """Plain records of every task of the plan for the consistency checks (two queries)."""
    tasks = (
        Task.objects.filter(plan=plan)
        .select_related("owner_body")
        .only(
            "id",
            "number",
            "position",
            "due_date",
            "status",
            "follows_previous",
            "owner_person_id",
            "owner_body__name",
            "owner_body__formed_on",
        )  # fmt: skip
        .order_by("position", "id")
    )
    edges: dict[int, list[int]] = {}
    through = Task.depends_on.through.objects.filter(from_task__plan=plan)
    for source, target in through.values_list("from_task_id", "to_task_id"):
        edges.setdefault(source, []).append(target)
    return [
        TaskRecord(
            id=t.pk,
            number=t.number,
            position=t.position,
            due_date=t.due_date,
            status=t.status,
            follows_previous=t.follows_previous,
            depends_on=tuple(sorted(edges.get(t.pk, ()))),
            has_owner=bool(t.owner_body_id or t.owner_person_id),
            body_name=t.owner_body.name if t.owner_body else "",
            body_formed_on=t.owner_body.formed_on if t.owner_body else None,
        )
        for t in tasks
    ]


def plan_problems(plan: Plan, *, today: datetime.date | None = None) -> list[Problem]:
    return find_problems(task_records(plan), today or timezone.localdate())


def plan_problems_by_task(
    plan: Plan, *, today: datetime.date | None = None
) -> tuple[list[Problem], dict[int, list[Problem]]]:
    problems = plan_problems(plan, today=today)
    return problems, problems_by_task(problems)


def plan_table(plan: Plan | None = None) -> list[dict[str, Any]]:
    """Rows of a plan for a table in a document (None = the main plan; no plan → []).

    Each row: ``number``, ``title``, ``owner`` (bodies and person, as text), ``due_date``
    (a date or None), ``due`` (the date as ДД.ММ.ГГГГ or ""), ``status`` (its Russian
    name), ``status_code``.
    """
    if plan is None:
        plan = main_plan()
        if plan is None:
            return []
    rows = []
    tasks = (
        Task.objects.filter(plan=plan)
        .select_related("owner_body", "owner_person")
        .order_by("position", "id")
    )
    for task in tasks:
        rows.append(
            {
                "number": task.number,
                "title": task.title,
                "owner": task.owner_label(),
                "due_date": task.due_date,
                "due": task.due_date.strftime("%d.%m.%Y") if task.due_date else "",
                "status": str(task.get_status_display()),
                "status_code": task.status,
            }
        )
    return rows


def plan_versions(plan: Plan) -> QuerySet[PlanVersion]:
    return PlanVersion.objects.filter(plan=plan).select_related("approved_by").order_by("-number")


def plan_date_changes(plan: Plan) -> QuerySet[TaskDateChange]:
    return (
        TaskDateChange.objects.filter(task__plan=plan)
        .select_related("task", "version", "changed_by")
        .order_by("-changed_at", "-id")
    )


def approved_dates(plan: Plan) -> dict[int, str | None]:
    """Task id → the deadline (ISO) in the latest approved version of the plan."""
    version = PlanVersion.objects.filter(plan=plan).order_by("-number").first()
    if version is None:
        return {}
    return {row["id"]: row.get("due_date") for row in version.tasks}


def deadlines_for_body(body: Any) -> QuerySet[Task]:
    return (
        Task.objects.filter(owner_body=body, due_date__isnull=False)
        .exclude(status=TaskStatus.CANCELLED)
        .select_related("plan", "owner_body", "owner_person")
        .order_by("due_date", "id")
    )


def deadlines_for_person(person: Any) -> QuerySet[Task]:
    """Tasks the person owns, and tasks of the bodies the person currently belongs to."""
    from zemlyaki.governance.models import BodyMember

    today = timezone.localdate()
    bodies = BodyMember.objects.filter(
        (Q(since__isnull=True) | Q(since__lte=today))
        & (Q(until__isnull=True) | Q(until__gte=today)),
        person=person,
    ).values("body_id")
    return (
        Task.objects.filter(Q(owner_person=person) | Q(owner_body__in=bodies))
        .filter(due_date__isnull=False)
        .exclude(status=TaskStatus.CANCELLED)
        .select_related("plan", "owner_body", "owner_person")
        .order_by("due_date", "id")
        .distinct()
    )


def owner_candidates(current_id: int | None = None) -> QuerySet[Any]:
    """Who may be named a task's owner: members of working bodies (their names are shown
    with the body's composition), or the task's present owner. The form's choice and the
    API's check both use it, so that an API client cannot learn anyone else's name by
    naming their id."""
    from zemlyaki.people.models import Person

    people = Person.objects.filter(Q(body_memberships__isnull=False) | Q(pk=current_id or 0))
    return people.distinct().order_by("last_name", "first_name")


def plan_owners(plan: Plan) -> tuple[list[Any], list[Any]]:
    """Bodies and persons responsible for tasks of the plan (for calendar links)."""
    from zemlyaki.governance.models import Body
    from zemlyaki.people.models import Person

    bodies = list(Body.objects.filter(plan_tasks__plan=plan).distinct().order_by("name"))
    people = list(
        Person.objects.filter(plan_tasks__plan=plan)
        .distinct()
        .order_by("last_name", "first_name", "patronymic")
    )
    return bodies, people
