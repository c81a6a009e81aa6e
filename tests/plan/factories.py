import datetime
from pathlib import Path

from zemlyaki.governance.models import Body, BodyMember
from zemlyaki.people.models import Person
from zemlyaki.plan.importing import plan_import
from zemlyaki.plan.parsing import ParsedPlan, parse_plan_text
from zemlyaki.plan.services import plan_create, task_create

SEED_PLAN = Path(__file__).with_name("seed_plan.ru.txt")
SEED_TITLE = "План подготовки и разработки Стратегии"


def d(text: str) -> datetime.date:
    return datetime.datetime.strptime(text, "%d.%m.%Y").date()


def make_plan(title: str = "План работ", actor=None, **fields):
    return plan_create(actor=actor, title=title, **fields)


def make_task(plan, number: str, title: str | None = None, due: str | None = None, **fields):
    return task_create(
        actor=None,
        plan=plan,
        number=number,
        title=title or f"Мероприятие {number}",
        due_date=d(due) if due else None,
        **fields,
    )


def import_seed(actor=None, **fields):
    parsed = ParsedPlan(tasks=parse_plan_text(SEED_PLAN.read_text(encoding="utf-8")))
    return plan_import(actor=actor, parsed=parsed, title=SEED_TITLE, **fields)


def make_body(name: str = "Рабочая группа", kind: str = "working_group", formed: str | None = None):
    return Body.objects.create(kind=kind, name=name, formed_on=d(formed) if formed else None)


def make_person(last: str = "Смирнова", first: str = "Анна", email: str = "", user=None):
    return Person.objects.create(last_name=last, first_name=first, email=email, user=user)


def add_member(body, person, **fields):
    return BodyMember.objects.create(body=body, person=person, **fields)


def plan_manager(username: str = "secretary"):
    """A member-role user who holds «plan.manage» through the working group."""
    from tests.accounts.factories import UserFactory
    from zemlyaki.governance.models import Power

    user = UserFactory(username=username, role="member")
    body = make_body("Рабочая группа разработки Стратегии", "working_group")
    add_member(body, make_person("Секретарёва", "Ольга", user=user))
    Power.objects.create(body=body, code="plan.manage")
    return user
