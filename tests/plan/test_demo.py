import datetime

import pytest

from zemlyaki.governance.models import Body
from zemlyaki.plan import demo
from zemlyaki.plan.models import Plan
from zemlyaki.plan.selectors import plan_problems, plan_table

from .factories import SEED_PLAN, SEED_TITLE


def test_demo_data_is_the_seed_text():
    assert demo.SEED_PLAN.read_bytes() == SEED_PLAN.read_bytes()


@pytest.mark.django_db
def test_demo_plan_links_the_seed_bodies_and_shows_the_slips():
    formed = datetime.date(2023, 10, 15)
    bodies = {
        kind: Body.objects.create(kind=kind, name=name, formed_on=formed, is_demo=True)
        for kind, name in [
            ("working_group", "Рабочая группа разработки Стратегии"),
            ("editorial_group", "Редакционная группа"),
            ("organising_committee", "Оргкомитет подготовки и проведения стратегической сессии"),
        ]
    }
    lines = demo.load(lambda s: None)
    assert lines == [f"План «{SEED_TITLE}»: мероприятий 8, с ответственными органами 6."]
    plan = Plan.objects.get()
    assert (plan.title, plan.is_main, plan.is_demo) == (SEED_TITLE, True, True)
    owners = [t.owner_body for t in plan.tasks.order_by("position")]
    assert owners == [
        bodies["working_group"],
        bodies["editorial_group"],
        bodies["organising_committee"],
        bodies["working_group"],
        None,
        None,
        bodies["organising_committee"],
        bodies["editorial_group"],
    ]
    assert all(t.is_demo for t in plan.tasks.all())
    problems = plan_problems(plan, today=datetime.date(2023, 1, 1))
    assert [(p.kind, p.tasks) for p in problems] == [
        ("duplicate_number", ["3", "3"]),
        ("order_slip", ["3", "1", "2", "3"]),
        ("order_slip", ["4", "1", "2", "3"]),
        ("order_slip", ["5", "1", "2", "3"]),
        ("order_slip", ["6", "1", "2", "3"]),
        ("body_not_formed", ["3"]),
        ("body_not_formed", ["6"]),
        ("no_owner", ["4"]),
        ("no_owner", ["5"]),
    ]
    assert problems[6].message == (
        "Пункт 6 (срок 01.03.2023) поручен органу «Оргкомитет подготовки и проведения "
        "стратегической сессии», который сформирован только 15.10.2023."
    )
    rows = plan_table()
    assert rows[0] == {
        "number": "1",
        "title": "Сформировать рабочую группу разработки Стратегии",
        "owner": "Рабочая группа разработки Стратегии",
        "due_date": datetime.date(2023, 10, 15),
        "due": "15.10.2023",
        "status": "не начато",
        "status_code": "not_started",
    }
    assert [r["number"] for r in rows] == ["1", "2", "3", "3", "4", "5", "6", "7"]


@pytest.mark.django_db
def test_demo_plan_without_bodies():
    demo.load(lambda s: None)
    plan = Plan.objects.get()
    assert plan.tasks.filter(owner_body__isnull=False).count() == 0


@pytest.mark.django_db
def test_plan_table_without_a_main_plan_is_empty():
    assert plan_table() == []
