"""Writes of the plan: plans, tasks, approval by a decision, reminders (imports: importing.py)."""

import datetime
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.accounts.actors import acting_user
from zemlyaki.core.actors import Actor
from zemlyaki.core.blobs import delete_with_files
from zemlyaki.core.services import AuditAction, audit_record, changed_fields, model_snapshot
from zemlyaki.core.services import check_fields as _check_fields
from zemlyaki.core.text import search_document
from zemlyaki.core.typography import typograph_message
from zemlyaki.core.urls_public import absolute_url

from .models import (
    CLOSED_STATUSES,
    Plan,
    PlanVersion,
    ReminderKind,
    Task,
    TaskDateChange,
    TaskReminder,
    TaskResult,
    TaskStatus,
)

logger = logging.getLogger(__name__)

PLAN_FIELDS = {"title", "description", "is_main", "source", "is_demo"}
TASK_FIELDS = {
    "number", "title", "description", "owner_body", "owner_person", "start_date", "due_date",
    "status", "follows_previous", "position", "is_demo",
}  # fmt: skip


def _d(value: datetime.date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else "—"


# ---- plans -----------------------------------------------------------------------


def _release_main(plan: Plan) -> None:
    """Only one plan is the main one: taking the flag takes it from the others."""
    Plan.objects.filter(is_main=True).exclude(pk=plan.pk).update(is_main=False)


@transaction.atomic
def plan_create(*, actor: Actor | None, title: str, **fields: Any) -> Plan:
    _check_fields(fields, PLAN_FIELDS)
    plan = Plan(title=(title or "").strip(), **fields)
    if plan.is_main:
        _release_main(plan)
    plan.full_clean()
    plan.search_text = search_document(plan.title, plan.description)
    plan.save()
    audit_record(actor=actor, action=AuditAction.CREATE, instance=plan, after=model_snapshot(plan))
    return plan


@transaction.atomic
def plan_update(*, actor: Actor | None, plan: Plan, **fields: Any) -> Plan:
    _check_fields(fields, PLAN_FIELDS)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    before = model_snapshot(plan)
    for name, value in fields.items():
        setattr(plan, name, value.strip() if isinstance(value, str) else value)
    if plan.is_main:
        _release_main(plan)
    plan.full_clean()
    plan.search_text = search_document(plan.title, plan.description)
    plan.save()
    old, new = changed_fields(before, model_snapshot(plan))
    if new:
        audit_record(actor=actor, action=AuditAction.UPDATE, instance=plan, before=old, after=new)
    return plan


@transaction.atomic
def plan_delete(*, actor: Actor | None, plan: Plan) -> None:
    audit_record(actor=actor, action=AuditAction.DELETE, instance=plan, before=model_snapshot(plan))
    delete_with_files(plan)  # the files of its tasks' results go too


# ---- tasks -----------------------------------------------------------------------


def _task_search_text(task: Task) -> str:
    return search_document(task.number, task.title, task.description)


def _validate_task(task: Task, depends_on: list[Task] | None) -> None:
    errors: dict[str, list[str]] = {}
    try:
        task.full_clean(exclude=["plan"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    task.number = (task.number or "").strip().rstrip(".")
    if not task.number and "number" not in errors:
        errors["number"] = [_("Укажите номер пункта.")]
    if task.start_date and task.due_date and task.start_date > task.due_date:
        errors.setdefault("start_date", []).append(_("Начало позже срока."))
    for dep in depends_on or []:
        if dep.plan_id != task.plan_id:
            errors.setdefault("depends_on", []).append(
                _("Пункт %(task)s из другого плана.") % {"task": dep}
            )
        elif task.pk and dep.pk == task.pk:
            errors.setdefault("depends_on", []).append(_("Пункт не может зависеть от самого себя."))
    if errors:
        raise ValidationError(errors)


def _next_position(plan: Plan) -> int:
    top = Task.objects.filter(plan=plan).aggregate(top=Max("position"))["top"]
    return (top or 0) + 1


@transaction.atomic
def task_create(
    *,
    actor: Actor | None,
    plan: Plan,
    number: str,
    title: str,
    due_date: datetime.date | None = None,
    owner_body: Any = None,
    owner_person: Any = None,
    description: str = "",
    depends_on: Iterable[Task] = (),
    **fields: Any,
) -> Task:
    """Add a task at the end of the plan. Extra fields: start_date, status, follows_previous,
    position, is_demo."""
    _check_fields(fields, TASK_FIELDS)
    depends = list(depends_on)
    task = Task(
        plan=plan,
        number=str(number),
        title=(title or "").strip(),
        due_date=due_date,
        owner_body=owner_body,
        owner_person=owner_person,
        description=(description or "").strip(),
        **fields,
    )
    if "position" not in fields:
        task.position = _next_position(plan)
    _validate_task(task, depends)
    task.search_text = _task_search_text(task)
    task.save()
    if depends:
        task.depends_on.set(depends)
    audit_record(actor=actor, action=AuditAction.CREATE, instance=task, after=model_snapshot(task))
    return task


def plan_current_version(plan: Plan) -> PlanVersion | None:
    return PlanVersion.objects.filter(plan=plan).order_by("-number").first()


@transaction.atomic
def task_update(
    *,
    actor: Actor | None,
    task: Task,
    depends_on: Iterable[Task] | None = None,
    reason: str = "",
    **fields: Any,
) -> Task:
    """Change a task. A new deadline of a task whose plan is approved is kept in the
    history of date changes with ``reason``."""
    _check_fields(fields, TASK_FIELDS)
    task = Task.objects.select_for_update().select_related("plan").get(pk=task.pk)
    before = model_snapshot(task)
    old_due = task.due_date
    for name, value in fields.items():
        setattr(task, name, value.strip() if isinstance(value, str) else value)
    depends = list(depends_on) if depends_on is not None else None
    _validate_task(task, depends)
    task.search_text = _task_search_text(task)
    task.save()
    if depends is not None:
        task.depends_on.set(depends)
    if task.due_date != old_due:
        version = plan_current_version(task.plan)
        if version is not None:
            user = acting_user(actor)
            TaskDateChange.objects.create(
                task=task,
                version=version,
                old_due_date=old_due,
                new_due_date=task.due_date,
                changed_by=user,
                changed_by_repr=(user.get_username() if user else "система")[:150],
                reason=(reason or "").strip()[:500],
            )
    old, new = changed_fields(before, model_snapshot(task))
    if new:
        audit_record(
            actor=acting_user(actor),
            action=AuditAction.UPDATE,
            instance=task,
            before=old,
            after=new,
            comment=(reason or "").strip()[:255],
        )
    return task


@transaction.atomic
def task_delete(*, actor: Actor | None, task: Task) -> None:
    audit_record(actor=actor, action=AuditAction.DELETE, instance=task, before=model_snapshot(task))
    delete_with_files(task)  # the files of its results go too


RESULT_FILE_MAX_BYTES = 25 * 1024 * 1024


@transaction.atomic
def task_add_result(
    *, actor: Actor | None, task: Task, title: str, url: str = "", file: Any = None
) -> TaskResult:
    if file is not None and file.size > RESULT_FILE_MAX_BYTES:
        raise ValidationError({"file": [_("Файл больше 25 МБ.")]})
    result = TaskResult(task=task, title=(title or "").strip(), url=(url or "").strip())
    if file is not None:
        result.file = file
    result.full_clean()
    if not result.url and not result.file:
        raise ValidationError({"url": [_("Укажите ссылку на документ или загрузите файл.")]})
    result.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=task,
        after={"results": [result.title]},
        comment=_("добавлен результат"),
    )
    return result


@transaction.atomic
def task_remove_result(*, actor: Actor | None, result: TaskResult) -> None:
    task = result.task
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=task,
        before={"results": [result.title]},
        comment=_("удалён результат"),
    )
    delete_with_files(result)


# ---- approval --------------------------------------------------------------------


def _decision_time(decision: Any) -> datetime.datetime:
    """When a decision was taken: its own ``decided_at``, else the start of the meeting
    (``event.starts_at``) that took it; never later than now (minutes may be recorded
    after the meeting, not before it)."""
    now = timezone.now()
    moment = getattr(decision, "decided_at", None)
    if moment is None:
        moment = getattr(getattr(decision, "event", None), "starts_at", None)
    if not isinstance(moment, datetime.datetime) or timezone.is_naive(moment):
        return now
    return min(moment, now)


@transaction.atomic
def plan_approve(*, plan: Plan, actor: Actor | None, decision: Any) -> PlanVersion:
    """Freeze the current deadlines of the plan as an approved version, by ``decision``
    (any saved model instance: it is kept as a generic reference). The version is dated
    by the decision (a round table's decision: the day of the round table), not by the
    day it was recorded. Later changes of dates are recorded against this version."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if decision is None or getattr(decision, "pk", None) is None:
        raise ValidationError({"decision": [_("План утверждается решением: укажите решение.")]})
    tasks = list(Task.objects.filter(plan=plan).order_by("position", "id"))
    if not tasks:
        raise ValidationError({"plan": [_("В плане нет мероприятий: утверждать нечего.")]})
    top = PlanVersion.objects.filter(plan=plan).aggregate(top=Max("number"))["top"] or 0
    user = acting_user(actor)
    version = PlanVersion.objects.create(
        plan=plan,
        number=top + 1,
        approved_at=_decision_time(decision),
        approved_by=user,
        decision_type=decision._meta.label_lower,
        decision_id=str(decision.pk),
        decision_repr=str(decision)[:500],
        tasks=[
            {
                "id": t.pk,
                "number": t.number,
                "title": t.title,
                "due_date": t.due_date.isoformat() if t.due_date else None,
                "status": t.status,
            }
            for t in tasks
        ],
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=plan,
        after={"approved_version": version.number, "decision": version.decision_repr},
        comment=_("план утверждён решением"),
    )
    return version


# ---- reminders -------------------------------------------------------------------


def _recipients(task: Task, today: datetime.date) -> list[str]:
    from zemlyaki.governance.models import BodyMember

    addresses: list[str] = []
    if task.owner_person and task.owner_person.email:
        addresses.append(task.owner_person.email)
    if task.owner_body_id:
        members = BodyMember.objects.filter(
            (Q(since__isnull=True) | Q(since__lte=today))
            & (Q(until__isnull=True) | Q(until__gte=today)),
            body_id=task.owner_body_id,
        ).exclude(person__email="")
        addresses.extend(members.values_list("person__email", flat=True))
    return sorted({a.strip().lower() for a in addresses if a and a.strip()})


def _reminder_message(task: Task, kind: str, recipients: list[str]) -> EmailMessage:
    values = {
        "number": task.number,
        "title": task.short_title,
        "due": _d(task.due_date),
        "plan": task.plan.title,
    }
    if kind == ReminderKind.UPCOMING:
        subject = _("Срок пункта %(number)s «%(title)s» — %(due)s") % values
        lead = _("Приближается срок пункта %(number)s плана «%(plan)s»: %(due)s.") % values
    else:
        subject = _("Пропущен срок пункта %(number)s «%(title)s» (%(due)s)") % values
        lead = _("Срок пункта %(number)s плана «%(plan)s» истёк %(due)s, пункт не выполнен.") % (
            values
        )
    link = absolute_url(reverse("plan:task_edit", args=[task.pk]))
    body = "\n\n".join(
        [
            lead,
            f"{task.number}. {task.title}",
            _("Ответственные: %(owners)s") % {"owners": task.owner_label() or "—"},
            _("Состояние: %(status)s") % {"status": task.get_status_display()},
            _("Пункт плана: %(link)s") % {"link": link},
            _("Письмо отправлено платформой «Земляки» автоматически."),
        ]
    )
    subject, body = typograph_message(subject, body)
    return EmailMessage(subject=subject, body=body, to=recipients)


def plan_send_reminders(*, today: datetime.date | None = None, days: int | None = None) -> int:
    """Mail the owners of tasks due in ``days`` days and of tasks whose deadline was
    missed yesterday. At most one mail of each kind per task and day: running it twice
    sends nothing new. Returns the number of mails sent."""
    today = today or timezone.localdate()
    if days is None:
        days = int(getattr(settings, "ZEMLYAKI_PLAN_REMIND_DAYS", 3))
    targets = [
        (ReminderKind.UPCOMING, today + datetime.timedelta(days=days)),
        (ReminderKind.MISSED, today - datetime.timedelta(days=1)),
    ]
    sent = 0
    for kind, due in targets:
        tasks = (
            Task.objects.filter(due_date=due)
            .exclude(status__in=CLOSED_STATUSES)
            .select_related("plan", "owner_body", "owner_person")
            .order_by("plan_id", "position", "id")
        )
        for task in tasks:
            recipients = _recipients(task, today)
            if not recipients:
                continue
            try:
                with transaction.atomic():
                    _, created = TaskReminder.objects.get_or_create(
                        task=task,
                        kind=kind,
                        sent_on=today,
                        defaults={"due_date": due, "recipients": recipients},
                    )
                    if not created:
                        continue
                    # Sent inside the transaction: a failed send leaves no record, so the
                    # next run tries again.
                    _reminder_message(task, kind, recipients).send()
            except Exception:
                logger.exception("reminder for task %s was not sent", task.pk)
                continue
            sent += 1
    return sent


__all__ = [
    "TaskStatus",
    "plan_approve",
    "plan_create",
    "plan_current_version",
    "plan_delete",
    "plan_send_reminders",
    "plan_update",
    "task_add_result",
    "task_create",
    "task_delete",
    "task_remove_result",
    "task_update",
]
