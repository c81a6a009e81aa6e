import datetime

import pytest
from django.core.exceptions import ValidationError

from tests.governance.factories import fill, make_body
from zemlyaki.core.models import AuditEntry
from zemlyaki.events.models import Decision
from zemlyaki.events.selectors import decisions_for, section_positions
from zemlyaki.events.services import decision_record

from .factories import make_event


@pytest.fixture
def round_table(db):
    group = make_body("Рабочая группа разработки Стратегии", quorum_rule="half")
    fill(group, 6)
    return make_event(organiser=group)


@pytest.fixture
def plan(db):
    from zemlyaki.plan.services import plan_create, task_create

    plan = plan_create(actor=None, title="План подготовки Стратегии")
    task_create(
        actor=None,
        plan=plan,
        number="1",
        title="Сформировать рабочую группу",
        due_date=datetime.date(2023, 10, 15),
    )
    return plan


@pytest.mark.django_db
def test_decision_with_quorum_approves_the_plan(round_table, plan, coordinator):
    from zemlyaki.plan.models import PlanVersion

    decision = decision_record(
        actor=coordinator,
        event=round_table,
        text="Утвердить план подготовки Стратегии.",
        present=4,
        votes_for=4,
        effect="approve_plan",
        target_id=str(plan.pk),
    )
    assert decision.adopted is True
    assert decision.quorum_note == (
        "Кворум есть: присутствуют 4 из 6 членов органа «Рабочая группа разработки Стратегии» "
        "(нужно более половины — 4)."
    )
    version = PlanVersion.objects.get(plan=plan)
    assert (version.number, version.decision_type, version.decision_id) == (
        1,
        "events.decision",
        str(decision.pk),
    )
    assert [d.pk for d in decisions_for(plan)] == [decision.pk]


@pytest.mark.django_db
def test_decision_without_quorum_is_refused_with_the_reason(round_table, plan, coordinator):
    from zemlyaki.plan.models import PlanVersion

    with pytest.raises(ValidationError) as error:
        decision_record(
            actor=coordinator,
            event=round_table,
            text="Утвердить план подготовки Стратегии.",
            present=3,
            votes_for=3,
            effect="approve_plan",
            target_id=str(plan.pk),
        )
    assert error.value.message_dict["present"] == [
        "Кворума нет: присутствуют 3 из 6 членов органа «Рабочая группа разработки Стратегии», "
        "а нужно более половины — не менее 4."
    ]
    assert Decision.objects.count() == 0
    assert PlanVersion.objects.filter(plan=plan).count() == 0
    assert AuditEntry.objects.filter(object_type="events.decision").count() == 0


@pytest.mark.django_db
def test_rejected_vote_is_recorded_but_does_nothing(round_table, plan):
    from zemlyaki.plan.models import PlanVersion

    decision = decision_record(
        actor=None,
        event=round_table,
        text="Утвердить план.",
        present=6,
        votes_for=3,
        votes_against=2,
        votes_abstained=1,
        effect="approve_plan",
        target_id=str(plan.pk),
    )
    assert decision.adopted is False
    assert PlanVersion.objects.filter(plan=plan).count() == 0


@pytest.mark.django_db
def test_decision_creates_plan_tasks_with_owners_and_deadlines(round_table, plan):
    from zemlyaki.plan.models import Task

    editorial = make_body("Редакционная группа", kind="editorial_group")
    decision = decision_record(
        actor=None,
        event=round_table,
        text="Поручить редакционной группе подготовить проект Стратегии.",
        present=5,
        votes_for=5,
        effect="create_tasks",
        target_id=str(plan.pk),
        payload={
            "tasks": [
                {
                    "number": "8",
                    "title": "Подготовить проект Стратегии",
                    "due_date": "2024-08-01",
                    "owner_body": editorial.pk,
                }
            ]
        },
    )
    task = Task.objects.get(plan=plan, number="8")
    assert (task.title, task.due_date, task.owner_body) == (
        "Подготовить проект Стратегии",
        datetime.date(2024, 8, 1),
        editorial,
    )
    assert decision.payload["created_task_ids"] == [task.pk]


@pytest.mark.django_db
def test_vote_counts_and_numbers(round_table):
    with pytest.raises(ValidationError) as error:
        decision_record(
            actor=None, event=round_table, text="Решение", present=4, votes_for=4, votes_against=1
        )
    assert error.value.message_dict["present"] == ["Проголосовало больше, чем присутствовало."]
    first = decision_record(actor=None, event=round_table, text="Первое", present=4, votes_for=4)
    second = decision_record(actor=None, event=round_table, text="Второе", present=4, votes_for=4)
    assert (first.number, second.number) == (1, 2)


@pytest.mark.django_db
def test_missing_body_and_unknown_target_are_refused():
    event = make_event()
    with pytest.raises(ValidationError) as error:
        decision_record(actor=None, event=event, text="Решение", present=1, votes_for=1)
    assert error.value.message_dict["body"] == [
        "Укажите орган, который принимает решение (для проверки кворума)."
    ]
    body = make_body()
    fill(body, 1)
    with pytest.raises(ValidationError) as error:
        decision_record(
            actor=None,
            event=event,
            body=body,
            text="Решение",
            present=1,
            votes_for=1,
            effect="approve_plan",
            target_id="999999",
        )
    assert error.value.message_dict["target_id"] == ["Объект решения не найден."]


@pytest.mark.django_db
def test_missing_service_function_fails_clearly(round_table, plan, monkeypatch):
    from zemlyaki.core.registries import decision_effects

    monkeypatch.delitem(decision_effects._entries, "approve_plan")
    with pytest.raises(ValidationError) as error:
        decision_record(
            actor=None,
            event=round_table,
            text="Утвердить план.",
            present=6,
            votes_for=6,
            effect="approve_plan",
            target_id=str(plan.pk),
        )
    assert error.value.message_dict["effect"] == [
        "Действие «утвердить план» недоступно: ни одно приложение платформы его не выполняет."
    ]
    assert Decision.objects.count() == 0


@pytest.fixture
def strategy_document(db):
    from zemlyaki.strategy.services import document_create

    return document_create(actor=None, title="Стратегия развития института землячеств")


@pytest.mark.django_db
def test_agreed_position_on_a_section_is_kept_with_the_decision(round_table, strategy_document):
    section = strategy_document.sections.order_by("order").first()
    decision = decision_record(
        actor=None,
        event=round_table,
        text="Согласовать позицию по разделу 1.",
        present=6,
        votes_for=5,
        votes_abstained=1,
        effect="section_position",
        target_id=str(section.pk),
        payload={"position": "Анализ вести по десятилетиям: 90-е, 00-е, 10-е, 20-е."},
    )
    assert (decision.target_type, decision.target_id) == ("strategy.section", section.pk)
    assert decision.target == section
    assert [d.payload["position"] for d in section_positions(section)] == [
        "Анализ вести по десятилетиям: 90-е, 00-е, 10-е, 20-е."
    ]


@pytest.mark.django_db
def test_document_approval_refused_by_its_workflow_refuses_the_decision(
    round_table, strategy_document
):
    from zemlyaki.strategy.models import DocumentStatus

    with pytest.raises(ValidationError) as error:
        decision_record(
            actor=None,
            event=round_table,
            text="Утвердить Стратегию.",
            present=6,
            votes_for=6,
            effect="approve_document",
            target_id=str(strategy_document.pk),
        )
    assert error.value.message_dict["effect"][0].startswith("Не согласованы разделы:")
    assert Decision.objects.count() == 0
    strategy_document.refresh_from_db()
    assert strategy_document.status == DocumentStatus.DRAFT
