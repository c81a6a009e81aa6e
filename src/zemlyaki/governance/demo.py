"""The seed's working bodies, formed 15.10.2023, with their powers and demo members."""

import datetime
from collections.abc import Callable
from typing import Any

from zemlyaki.people.models import Person
from zemlyaki.registry.models import Stakeholder, StakeholderKind

from .models import BodyKind, Position, QuorumRule
from .services import body_create, member_add, power_grant

FORMED = datetime.date(2023, 10, 15)
TERM = datetime.date(2032, 12, 31)

# (key, kind, name, parent key, mandate, quorum, powers)
BODIES = [
    (
        "working",
        BodyKind.WORKING_GROUP,
        "Рабочая группа разработки Стратегии",
        None,
        "Готовит и проводит стратегическую сессию, ведёт план разработки Стратегии, "
        "распределяет зоны ответственности и согласует положения всех разделов.",
        QuorumRule.HALF,
        ["plan.manage", "events.run", "strategy.manage_workflow"],
    ),
    (
        "editorial",
        BodyKind.EDITORIAL_GROUP,
        "Редакционная группа",
        "working",
        "Пишет Стратегию, стандарт работы землячества и концепцию сайта института землячеств "
        "по материалам стратегической сессии и анализа опыта землячеств.",
        QuorumRule.HALF,
        ["strategy.edit_section", "strategy.review"],
    ),
    (
        "orgcom",
        BodyKind.ORGANISING_COMMITTEE,
        "Оргкомитет подготовки и проведения стратегической сессии",
        "working",
        "Готовит стратегическую сессию: программу, приглашения экспертов и представителей "
        "органов власти, регистрацию участников.",
        QuorumRule.HALF,
        ["events.run"],
    ),
    (
        "council",
        BodyKind.EXPERT_COUNCIL,
        "Расширенный экспертный совет",
        None,
        "Представляет всех заинтересованных субъектов Стратегии, вырабатывает и согласует "
        "позиции по разделам и ключевым направлениям Стратегии.",
        QuorumRule.HALF,
        ["strategy.review"],
    ),
]


NAMES = [
    ("Беликов", "Андрей", "Михайлович"), ("Орлова", "Наталья", "Викторовна"),
    ("Соколов", "Игорь", "Петрович"), ("Лебедева", "Ирина", "Сергеевна"),
    ("Морозов", "Алексей", "Юрьевич"), ("Волкова", "Татьяна", "Андреевна"),
    ("Зайцев", "Дмитрий", "Олегович"), ("Павлова", "Елена", "Николаевна"),
    ("Семёнов", "Виктор", "Иванович"), ("Голубева", "Светлана", "Петровна"),
    ("Виноградов", "Павел", "Алексеевич"), ("Богданова", "Ольга", "Дмитриевна"),
    ("Воробьёв", "Сергей", "Васильевич"), ("Фёдорова", "Анна", "Игоревна"),
    ("Михайлов", "Николай", "Степанович"), ("Белова", "Людмила", "Борисовна"),
    ("Тарасов", "Константин", "Львович"), ("Комарова", "Вера", "Геннадьевна"),
    ("Киселёв", "Роман", "Евгеньевич"), ("Макарова", "Галина", "Фёдоровна"),
    ("Андреев", "Юрий", "Владимирович"), ("Ковалёва", "Марина", "Олеговна"),
    ("Ильин", "Григорий", "Павлович"), ("Гусева", "Дарья", "Романовна"),
]  # fmt: skip


def _ensure_people(count: int) -> None:
    """Demo people for the bodies: those of the people demo first, the rest made here."""
    missing = count - Person.objects.filter(is_demo=True).count()
    if missing <= 0:
        return
    from zemlyaki.people.services import person_create

    for last, first, middle in NAMES[:missing]:
        person_create(
            actor=None,
            data={"last_name": last, "first_name": first, "patronymic": middle},
            is_demo=True,
        )


def load(out: Callable[[str], None]) -> list[str]:
    created: dict[str, Any] = {}
    for key, kind, name, parent, mandate, quorum, powers in BODIES:
        body = body_create(
            actor=None,
            kind=kind,
            name=name,
            parent=created.get(parent) if parent else None,
            mandate=mandate,
            formed_on=FORMED,
            term_until=TERM,
            quorum_rule=quorum,
            is_demo=True,
        )
        for code in powers:
            power_grant(actor=None, body=body, code=code)
        created[key] = body

    _ensure_people(24)
    # People with demo logins join the working group, the association leader as its chair,
    # so signing in as them shows a member acting with the group's powers.
    linked = sorted(
        Person.objects.filter(is_demo=True, user__isnull=False).select_related("user"),
        key=lambda p: (getattr(p.user, "role", "") != "leader", p.pk),
    )
    plain = list(Person.objects.filter(is_demo=True, user__isnull=True).order_by("pk")[:40])
    rosters = {
        "working": (linked + plain)[:7],
        "editorial": plain[7:11],
        "orgcom": plain[11:15],
    }
    for key, persons in rosters.items():
        for index, person in enumerate(persons):
            position = Position.CHAIR if index == 0 else Position.MEMBER
            if index == 1:
                position = Position.SECRETARY
            member_add(
                actor=None, body=created[key], person=person, position=position, since=FORMED
            )
    # The expert council: one representative per stakeholder; the kinds with no demo
    # stakeholder stay unrepresented, as the composition page shows.
    council = created["council"]
    stakeholders = list(Stakeholder.objects.filter(is_demo=True).order_by("kind", "pk"))
    seen_kinds: set[str] = set()
    pool = iter(plain[15:])
    members = 0
    for stakeholder in stakeholders:
        if stakeholder.kind in seen_kinds or stakeholder.kind == StakeholderKind.MEDIA:
            continue
        candidate = next(pool, None)
        if candidate is None:
            break
        person = candidate
        seen_kinds.add(stakeholder.kind)
        member_add(
            actor=None,
            body=council,
            person=person,
            position=Position.CHAIR if not members else Position.MEMBER,
            stakeholder=stakeholder,
            since=FORMED,
        )
        members += 1
    return [f"Рабочих органов: {len(created)}, членов экспертного совета: {members}."]
