from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zemlyaki.core.selectors import audit_entries_for
from zemlyaki.core.urls_public import absolute_url, site_url
from zemlyaki.core.views_utils import apply_validation_error, paginate, require_perm

from . import ical, selectors, services
from .checks import KINDS, Problem
from .forms import PlanFilterForm, PlanForm, ResultForm, TaskFilterForm, TaskForm
from .gantt import build_gantt
from .models import Plan, Task, TaskResult


def plan_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, "plan.view_plan")
    form = PlanFilterForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    page = paginate(request, selectors.plan_list(q=q, user=request.user))
    return render(request, "plan/plan_list.html", {"form": form, "page": page})


def plan_create(request: HttpRequest) -> HttpResponse:
    require_perm(request, "plan.add_plan")
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("План создан."))
            return redirect(plan)
    return render(request, "plan/plan_form.html", {"form": form, "plan": None})


def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan, pk=pk)
    require_perm(request, "plan.change_plan", plan)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_update(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Изменения сохранены."))
            return redirect(plan)
    plan.refresh_from_db()
    return render(request, "plan/plan_form.html", {"form": form, "plan": plan})


@require_POST
def plan_delete(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan, pk=pk)
    require_perm(request, "plan.delete_plan", plan)
    services.plan_delete(actor=request.user, plan=plan)
    messages.success(request, _("План удалён."))
    return redirect("plan:plan_list")


def _calendar_links(request: HttpRequest, plan: Plan) -> list[dict[str, str]]:
    """Each feed's address, and the same address as ``webcal:`` — the link a phone's or
    a desktop's calendar subscribes to when it is tapped."""
    bodies, people = selectors.plan_owners(plan)
    links = []
    for kind, owners in (("body", bodies), ("person", people)):
        for owner in owners:
            url = absolute_url(reverse("plan:calendar", args=[ical.feed_token(kind, owner.pk)]))
            subscribe = "webcal:" + url.split(":", 1)[1]
            links.append({"title": str(owner), "kind": kind, "url": url, "subscribe": subscribe})
    return links


def _by_month(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows grouped by the month of their due date (the plan as a phone shows it);
    tasks without a date come last."""
    months: list[dict[str, Any]] = []
    ordered = sorted(rows, key=lambda r: (r["task"].due_date is None, r["task"].due_date or 0))
    for row in ordered:
        due = row["task"].due_date
        start = due.replace(day=1) if due else None
        if not months or months[-1]["start"] != start:
            months.append({"start": start, "rows": []})
        months[-1]["rows"].append(row)
    return months


SHARED_KINDS = {"duplicate_number", "cycle"}


def _split_problems(task_id: int, problems: list[Problem]) -> tuple[list[Problem], list[str]]:
    """A task's own problems in full; slips of other tasks against this one in short
    («срок раньше пункта выше: пункты 3, 4»)."""
    own = [p for p in problems if p.kind in SHARED_KINDS or p.task_ids[0] == task_id]
    others: dict[str, list[str]] = {}
    for problem in problems:
        if problem not in own:
            others.setdefault(problem.kind_label, []).append(problem.tasks[0])
    related = [
        (
            _("%(kind)s у пункта %(numbers)s")
            if len(numbers) == 1
            else _("%(kind)s у пунктов %(numbers)s")
        )
        % {"kind": kind, "numbers": ", ".join(numbers)}
        for kind, numbers in others.items()
    ]
    return own, related


def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan, pk=pk)
    require_perm(request, "plan.view_plan", plan)
    form = TaskFilterForm(request.GET or None)
    status = q = ""
    only_problems = False
    if form.is_valid():
        status, q = form.cleaned_data["status"], form.cleaned_data["q"]
        only_problems = form.cleaned_data["problems"]
    problems, by_task = selectors.plan_problems_by_task(plan)
    tasks = selectors.plan_tasks(plan, status=status, q=q)
    if only_problems:
        tasks = tasks.filter(pk__in=list(by_task))
    page = paginate(request, tasks, per_page=50)
    approved = selectors.approved_dates(plan)
    rows = []
    for task in page:
        approved_due = approved.get(task.pk, "") if approved else ""
        own, related = _split_problems(task.pk, by_task.get(task.pk, []))
        rows.append(
            {
                "task": task,
                "problems": own,
                "related": related,
                "approved_due": approved_due,
                "moved": bool(approved)
                and task.pk in approved
                and approved_due != (task.due_date.isoformat() if task.due_date else None),
            }
        )
    counts: dict[str, int] = {}
    for problem in problems:
        counts[problem.kind] = counts.get(problem.kind, 0) + 1
    context = {
        "plan": plan,
        "form": form,
        "page": page,
        "rows": rows,
        "months": _by_month(rows),
        "problems": problems,
        "problem_counts": [(KINDS[k], n) for k, n in counts.items()],
        "version": selectors.plan_versions(plan).first(),
        "calendar_links": _calendar_links(request, plan),
    }
    return render(request, "plan/plan_detail.html", context)


def plan_gantt(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan, pk=pk)
    require_perm(request, "plan.view_plan", plan)
    tasks = list(selectors.plan_tasks(plan))
    problems, by_task = selectors.plan_problems_by_task(plan)
    dependencies = {t.pk: [d.pk for d in t.depends_on.all()] for t in tasks}
    chart = build_gantt(
        tasks,
        today=timezone.localdate(),
        dependencies=dependencies,
        problem_ids={tid for tid, ps in by_task.items() if any(p.kind != "no_owner" for p in ps)},
    )
    return render(request, "plan/plan_gantt.html", {"plan": plan, "chart": chart})


def plan_history(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan, pk=pk)
    require_perm(request, "plan.view_plan_history", plan)
    versions = list(selectors.plan_versions(plan))
    page = paginate(request, selectors.plan_date_changes(plan), per_page=50)
    return render(
        request, "plan/plan_history.html", {"plan": plan, "versions": versions, "page": page}
    )


def plan_audit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan, pk=pk)
    require_perm(request, "plan.change_plan", plan)
    page = paginate(request, audit_entries_for(plan), per_page=50)
    return render(request, "core/audit_list.html", {"object": plan, "page": page})


def task_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan, pk=pk)
    require_perm(request, "plan.add_task", plan)
    form = TaskForm(request.POST or None, plan=plan, instance=Task(plan=plan))
    if request.method == "POST" and form.is_valid():
        data = form.service_kwargs()
        data.pop("reason", None)
        try:
            services.task_create(actor=request.user, plan=plan, **data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Мероприятие добавлено."))
            return redirect(plan)
    return render(request, "plan/task_form.html", {"form": form, "plan": plan, "task": None})


def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(Task.objects.select_related("plan"), pk=pk)
    require_perm(request, "plan.change_task", task)
    plan = task.plan
    approved = selectors.plan_versions(plan).exists()
    form = TaskForm(request.POST or None, plan=plan, approved=approved, instance=task)
    if request.method == "POST" and form.is_valid():
        try:
            services.task_update(actor=request.user, task=task, **form.service_kwargs())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Изменения сохранены."))
            return redirect(f"{plan.get_absolute_url()}#task-{task.pk}")
    task.refresh_from_db()
    context = {
        "form": form,
        "plan": plan,
        "task": task,
        "result_form": ResultForm(),
        "results": list(task.results.all()),
        "date_changes": list(task.date_changes.select_related("version").order_by("changed_at")),
    }
    return render(request, "plan/task_form.html", context)


@require_POST
def task_delete(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(Task.objects.select_related("plan"), pk=pk)
    require_perm(request, "plan.delete_task", task)
    plan = task.plan
    services.task_delete(actor=request.user, task=task)
    messages.success(request, _("Мероприятие удалено."))
    return redirect(plan)


@require_POST
def task_result_add(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(Task.objects.select_related("plan"), pk=pk)
    require_perm(request, "plan.change_task", task)
    form = ResultForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.task_add_result(actor=request.user, task=task, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Документ добавлен к мероприятию."))
    else:
        for field_errors in form.errors.values():
            for text in field_errors:
                messages.error(request, str(text))
    return redirect("plan:task_edit", pk=task.pk)


@require_POST
def task_result_delete(request: HttpRequest, pk: int) -> HttpResponse:
    result = get_object_or_404(TaskResult.objects.select_related("task"), pk=pk)
    require_perm(request, "plan.change_task", result.task)
    services.task_remove_result(actor=request.user, result=result)
    messages.success(request, _("Документ убран из результатов мероприятия."))
    return redirect("plan:task_edit", pk=result.task_id)


def calendar(request: HttpRequest, token: str) -> HttpResponse:
    """A deadline feed for a calendar application; the signed token is the permission."""
    from zemlyaki.governance.models import Body
    from zemlyaki.people.models import Person

    target = ical.read_token(token)
    if target is None:
        raise Http404
    kind, pk = target
    owner: Body | Person
    if kind == "body":
        owner = get_object_or_404(Body, pk=pk)
        tasks = selectors.deadlines_for_body(owner)
    else:
        owner = get_object_or_404(Person, pk=pk)
        tasks = selectors.deadlines_for_person(owner)
    name = _("Сроки плана: %(owner)s") % {"owner": owner}
    body = ical.build_calendar(name, tasks, site=site_url())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="plan-{kind}-{pk}.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
