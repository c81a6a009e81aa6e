import datetime
import zoneinfo

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
    # the load tells what the import cleaned and read, as the web preview does
    assert lines == [
        f"План «{SEED_TITLE}»: мероприятий 8, с ответственными органами 6.",
        "  Строка 1: строка до первого пункта пропущена как заголовок: «Предлагаемый к "
        "обсуждению участников круглого стола план:»",
        "  Строка 5: номер пункта 3 уже был в строке 4: пункт загружается под тем же "
        "номером, проверьте нумерацию",
        "  Строка 7: в тексте срок «не позднее 1 октября»: сроком мероприятия взято "
        "01.10.2023, дата в конце пункта 01.02.2023 записана в описание",
        "  Строка 11: удалена служебная пометка текстового редактора «[bookmark: _GoBack]»",
    ]
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
        ("order_slip", ["5", "1", "2", "3", "4"]),
        ("order_slip", ["6", "1", "2", "3", "4"]),
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


@pytest.mark.django_db
def test_the_demo_plan_is_approved_on_the_day_of_the_seeds_round_table():
    from zemlyaki.events import demo as events_demo
    from zemlyaki.governance import demo as governance_demo
    from zemlyaki.plan.models import PlanVersion
    from zemlyaki.registry import demo as registry_demo

    registry_demo.load(lambda s: None)
    governance_demo.load(lambda s: None)
    demo.load(lambda s: None)
    lines = events_demo.load(lambda s: None)
    assert "Круглый стол утвердил план решением № 1." in lines
    version = PlanVersion.objects.get()
    moscow = zoneinfo.ZoneInfo("Europe/Moscow")
    # the round table of the seed (October 2023), not the day the demo was loaded
    assert version.approved_at.astimezone(moscow) == datetime.datetime(
        2023, 10, 5, 15, 0, tzinfo=moscow
    )
    assert version.decision_repr.startswith("Решение № 1")
    plan = Plan.objects.get()
    assert [row["due_date"] for row in version.tasks] == [
        t.due_date.isoformat() for t in plan.tasks.order_by("position")
    ]
    # the approved plan still shows the seed's slips: work due before the bodies exist
    slips = [p.tasks for p in plan_problems(plan, today=datetime.date(2023, 1, 1))]
    assert ["6", "1", "2", "3", "4"] in slips
