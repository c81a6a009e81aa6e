import datetime

import pytest
from django.core.exceptions import ValidationError

from zemlyaki.core.models import AuditEntry
from zemlyaki.plan.importing import plan_import
from zemlyaki.plan.models import Plan, PlanVersion, Task, TaskDateChange
from zemlyaki.plan.parsing import ParsedPlan, ParsedTask
from zemlyaki.plan.selectors import plan_problems
from zemlyaki.plan.services import (
    plan_approve,
    plan_create,
    plan_update,
    task_create,
    task_update,
)

from .factories import SEED_TITLE, d, import_seed, make_body, make_person, make_plan, make_task

BEFORE_ANY_DEADLINE = datetime.date(2023, 1, 1)


def kinds(problems):
    return [(p.kind, p.tasks) for p in problems]


@pytest.mark.django_db
def test_seed_plan_import_reports_its_slips(coordinator):
    plan = import_seed(actor=coordinator)
    assert plan.title == SEED_TITLE
    assert plan.source == "text"
    tasks = list(plan.tasks.order_by("position"))
    assert [(t.position, t.number, t.due_date, t.follows_previous) for t in tasks] == [
        (1, "1", d("15.10.2023"), False),
        (2, "2", d("15.10.2023"), True),
        (3, "3", d("15.10.2023"), True),
        (4, "3", d("01.02.2023"), True),
        (5, "4", d("01.10.2023"), True),  # «не позднее 1 октября» inside its text
        (6, "5", d("01.02.2023"), True),
        (7, "6", d("01.03.2023"), True),
        (8, "7", d("01.08.2024"), True),
    ]
    assert kinds(plan_problems(plan, today=BEFORE_ANY_DEADLINE)) == [
        ("duplicate_number", ["3", "3"]),
        ("order_slip", ["3", "1", "2", "3"]),
        ("order_slip", ["4", "1", "2", "3"]),
        ("order_slip", ["5", "1", "2", "3", "4"]),
        ("order_slip", ["6", "1", "2", "3", "4"]),
        *[("no_owner", [n]) for n in ["1", "2", "3", "3", "4", "5", "6", "7"]],
    ]
    slip = plan_problems(plan, today=BEFORE_ANY_DEADLINE)[1]
    assert slip.message == (
        "Пункт 3 (срок 01.02.2023) идёт после пунктов 1, 2, 3, "
        "но его срок раньше их срока (15.10.2023)."
    )
    assert slip.task_ids == [tasks[3].pk, tasks[0].pk, tasks[1].pk, tasks[2].pk]
    assert AuditEntry.objects.filter(object_type="plan.task", action="create").count() == 8


@pytest.mark.django_db
def test_seed_plan_later_is_all_overdue():
    plan = import_seed()
    problems = plan_problems(plan, today=datetime.date(2024, 6, 1))
    assert [p.tasks for p in problems if p.kind == "overdue"] == [
        ["1"],
        ["2"],
        ["3"],
        ["3"],
        ["4"],
        ["5"],
        ["6"],
    ]


@pytest.mark.django_db
def test_every_kind_of_problem():
    body = make_body("Редакционная группа", "editorial_group", formed="01.03.2024")
    person = make_person()
    plan = make_plan()
    a = make_task(plan, "1", due="01.05.2024", owner_person=person)
    b = make_task(plan, "2", due="01.04.2024", owner_body=body, depends_on=[a])
    c = make_task(plan, "3", due="01.02.2024", owner_body=body, status="done")
    e = make_task(plan, "4", due="01.06.2024", owner_person=person)
    f = make_task(plan, "5", due="01.07.2024", owner_person=person, depends_on=[e])
    task_update(actor=None, task=e, depends_on=[f])
    make_task(plan, "6", owner_person=person, status="cancelled")
    problems = plan_problems(plan, today=datetime.date(2024, 4, 15))
    assert kinds(problems) == [
        ("cycle", ["4", "5"]),
        ("dependency_slip", ["2", "1"]),
        ("dependency_slip", ["4", "5"]),
        ("body_not_formed", ["3"]),
        ("overdue", ["2"]),
    ]
    assert problems[3].message == (
        "Пункт 3 (срок 01.02.2024) поручен органу «Редакционная группа», "
        "который сформирован только 01.03.2024."
    )
    assert {b.pk, c.pk} <= set(Task.objects.values_list("pk", flat=True))


@pytest.mark.django_db
def test_task_create_validates_and_audits(coordinator):
    plan = make_plan()
    other = make_plan("Другой план")
    foreign = make_task(other, "1")
    with pytest.raises(ValidationError) as caught:
        task_create(
            actor=coordinator,
            plan=plan,
            number=" ",
            title="",
            due_date=d("01.01.2024"),
            start_date=d("02.01.2024"),
            depends_on=[foreign],
        )
    assert caught.value.message_dict == {
        "title": ["Это поле не может быть пустым."],
        "number": ["Укажите номер пункта."],
        "start_date": ["Начало позже срока."],
        "depends_on": ["Пункт 1. Мероприятие 1 из другого плана."],
    }
    assert plan.tasks.count() == 0
    task = task_create(actor=coordinator, plan=plan, number="1.", title="  Собрать отчёты ")
    assert (task.number, task.title, task.position, task.status) == (
        "1",
        "Собрать отчёты",
        1,
        "not_started",
    )
    entry = AuditEntry.objects.get(object_type="plan.task", object_id=str(task.pk))
    assert entry.actor == coordinator
    assert entry.after["title"] == "Собрать отчёты"
    assert make_task(plan, "2").position == 2


@pytest.mark.django_db
def test_task_update_refuses_self_dependency_and_changes_nothing():
    plan = make_plan()
    task = make_task(plan, "1", due="01.02.2024")
    with pytest.raises(ValidationError) as caught:
        task_update(actor=None, task=task, title="Новое", depends_on=[task])
    assert caught.value.message_dict == {"depends_on": ["Пункт не может зависеть от самого себя."]}
    task.refresh_from_db()
    assert task.title == "Мероприятие 1"
    assert list(task.depends_on.all()) == []


@pytest.mark.django_db
def test_only_one_main_plan():
    first = plan_create(actor=None, title="Первый", is_main=True)
    second = plan_create(actor=None, title="Второй", is_main=True)
    first.refresh_from_db()
    assert (first.is_main, second.is_main) == (False, True)
    plan_update(actor=None, plan=first, is_main=True)
    assert list(Plan.objects.filter(is_main=True).values_list("title", flat=True)) == ["Первый"]


@pytest.mark.django_db
def test_import_resolves_owners_and_dependencies():
    body = make_body("Оргкомитет подготовки сессии", "organising_committee")
    person = make_person("Смирнова", "Анна")
    parsed = ParsedPlan(
        title="План сессии",
        tasks=[
            ParsedTask(line=1, number="1", title="Приглашения", owner_body="оргкомитет"),
            ParsedTask(
                line=2,
                number="2",
                title="Сессия",
                owner_person="смирнова анна",
                depends_on=("1",),
                follows_previous=False,
            ),
        ],
    )
    plan = plan_import(actor=None, parsed=parsed, source="yaml")
    first, second = plan.tasks.order_by("position")
    assert (first.owner_body, second.owner_person) == (body, person)
    assert list(second.depends_on.all()) == [first]
    assert plan.title == "План сессии"


@pytest.mark.django_db
def test_import_with_unknown_names_creates_nothing():
    parsed = ParsedPlan(
        tasks=[
            ParsedTask(line=3, number="1", title="А", owner_body="Совет старейшин"),
            ParsedTask(line=4, number="2", title="Б", owner_person="Нет Такого", depends_on=("9",)),
        ]
    )
    with pytest.raises(ValidationError) as caught:
        plan_import(actor=None, parsed=parsed, title="План")
    assert caught.value.message_dict == {
        "file": [
            "Строка 3: орган «Совет старейшин» не найден среди органов.",
            "Строка 4: участник «Нет Такого» не найден или найден не один.",
            "Строка 4: пункт зависит от пункта 9, которого нет в плане.",
        ]
    }
    assert Plan.objects.count() == 0
    assert Task.objects.count() == 0


@pytest.mark.django_db
def test_plan_approve_freezes_dates_and_keeps_later_changes(coordinator):
    plan = import_seed()
    decision = AuditEntry.objects.filter(object_type="plan.plan").first()  # any saved object
    assert TaskDateChange.objects.count() == 0
    version = plan_approve(plan=plan, actor=coordinator, decision=decision)
    assert version.number == 1
    assert version.decision_type == "core.auditentry"
    assert version.decision_id == str(decision.pk)
    assert version.decision_repr == str(decision)
    assert version.approved_by == coordinator
    assert [(row["number"], row["due_date"]) for row in version.tasks] == [
        ("1", "2023-10-15"),
        ("2", "2023-10-15"),
        ("3", "2023-10-15"),
        ("3", "2023-02-01"),
        ("4", "2023-10-01"),
        ("5", "2023-02-01"),
        ("6", "2023-03-01"),
        ("7", "2024-08-01"),
    ]
    reports = plan.tasks.get(position=4)
    task_update(
        actor=coordinator,
        task=reports,
        due_date=d("01.02.2024"),
        reason="Дата в предложении — опечатка",
    )
    task_update(actor=coordinator, task=reports, title="Собрать годовые отчёты")  # no date change
    change = TaskDateChange.objects.get()
    assert (change.task, change.version, change.old_due_date, change.new_due_date) == (
        reports,
        version,
        d("01.02.2023"),
        d("01.02.2024"),
    )
    assert (change.changed_by, change.reason) == (coordinator, "Дата в предложении — опечатка")
    version.refresh_from_db()
    assert version.tasks[3]["due_date"] == "2023-02-01"  # the approved version stays as it was
    second = plan_approve(plan=plan, actor=None, decision=decision)
    assert second.number == 2
    assert second.tasks[3]["due_date"] == "2024-02-01"
    task_update(actor=None, task=reports, due_date=d("01.03.2024"))
    assert list(TaskDateChange.objects.values_list("version__number", flat=True)) == [2, 1]


@pytest.mark.django_db
def test_date_changes_before_approval_are_not_history():
    plan = make_plan()
    task = make_task(plan, "1", due="01.02.2024")
    task_update(actor=None, task=task, due_date=d("01.03.2024"))
    assert TaskDateChange.objects.count() == 0


@pytest.mark.django_db
def test_plan_approve_needs_a_saved_decision_and_tasks():
    plan = make_plan()
    entry = AuditEntry.objects.first()
    with pytest.raises(ValidationError) as empty:
        plan_approve(plan=plan, actor=None, decision=entry)
    assert empty.value.message_dict == {"plan": ["В плане нет мероприятий: утверждать нечего."]}
    make_task(plan, "1")
    with pytest.raises(ValidationError) as unsaved:
        plan_approve(plan=plan, actor=None, decision=AuditEntry())
    assert unsaved.value.message_dict == {
        "decision": ["План утверждается решением: укажите решение."]
    }
    assert PlanVersion.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(("days", "dated_by_event"), [(-400, True), (10, False)])
def test_a_version_is_dated_by_the_meeting_that_took_the_decision(days, dated_by_event):
    from django.utils import timezone

    from tests.events.factories import make_event
    from zemlyaki.events.models import Decision

    plan = import_seed()
    event = make_event(days=days)
    decision = Decision.objects.create(event=event, number=1, text="Утвердить план")
    before = timezone.now()
    version = plan_approve(plan=plan, actor=None, decision=decision)
    if dated_by_event:
        assert version.approved_at == event.starts_at
    else:  # a meeting still to come cannot have approved it: dated when recorded
        assert before <= version.approved_at <= timezone.now()


@pytest.mark.django_db
def test_a_decision_without_a_date_dates_the_version_now(coordinator):
    from django.utils import timezone

    plan = import_seed()
    before = timezone.now()
    version = plan_approve(plan=plan, actor=coordinator, decision=coordinator)
    assert before <= version.approved_at <= timezone.now()
