"""Demonstration indicators: the goals of the seed's six sections, fourteen indicators
across directions (half computed from the demo's own data, half entered with evidence),
values for 2024 and 2025 so that every status appears, one value returned by the control
body with remarks and one waiting for review; section 6 of the demo strategy shows them."""

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from zemlyaki.accounts.models import Role
from zemlyaki.accounts.services import user_create
from zemlyaki.core.registries import Period, measure_value
from zemlyaki.directions.models import Direction
from zemlyaki.governance.models import BodyKind
from zemlyaki.governance.services import body_create, member_add, power_grant
from zemlyaki.people.services import person_create, person_link_user
from zemlyaki.registry.models import Association
from zemlyaki.strategy.models import Document, DocumentKind

from .models import Indicator
from .refresh import indicators_refresh
from .services import goal_create, indicator_create, measurement_enter, measurement_review

GOALS = [
    "Опыт землячеств изучен и служит их развитию",
    "Землячества сплочены, земляки и молодёжь вовлечены в их работу",
    "Землячества участвуют в государственной, межрегиональной и региональной политике",
    "Программы землячеств обеспечены ресурсами субъектов Стратегии",
    "Реализация Стратегии учитывается и контролируется",
    "Работа землячеств открыта и измерима: информационный центр и показатели",
]

# (code, name, unit, goal, direction codes, level, measure, growth to the 2026 target, public)
COMPUTED = [
    (
        "К1",
        "Численность членов землячеств",
        "чел.",
        2,
        ["national-policy"],
        "association",
        "people.members",
        "1.25",
        True,
    ),
    (
        "К2",
        "Активные члены землячеств",
        "чел.",
        2,
        ["youth-policy"],
        "association",
        "people.active",
        "1.5",
        False,
    ),
    (
        "К3",
        "Проведённые мероприятия",
        "шт.",
        3,
        ["moscow-national-policy"],
        "community",
        "events.held",
        "1.2",
        True,
    ),
    (
        "К4",
        "Участники мероприятий",
        "чел.",
        2,
        ["traditional-values"],
        "community",
        "events.participants",
        "1.3",
        False,
    ),
    (
        "К5",
        "Представленные годовые отчёты",
        "шт.",
        1,
        [],
        "association",
        "reports.submitted",
        "1.1",
        False,
    ),
    (
        "К6",
        "Доля ответивших на анкеты",
        "%",
        6,
        [],
        "community",
        "surveys.response_rate",
        "1.2",
        False,
    ),
    (
        "К7",
        "Согласившиеся быть экспертами",
        "чел.",
        5,
        [],
        "community",
        "people.experts",
        "2",
        False,
    ),
]

# (code, name, unit, goal, directions, level, baseline 2023, targets, 2024, 2025, public)
ENTERED = [
    (
        "В1",
        "Публикации о землячествах в СМИ",
        "шт.",
        6,
        ["moscow-national-policy"],
        "community",
        120,
        {2026: 200, 2029: 300, 2032: 400},
        150,
        185,
        True,
    ),  # в графике
    (
        "В2",
        "Средства, привлечённые на программы землячеств",
        "млн руб.",
        4,
        ["interregional-ties"],
        "community",
        10,
        {2026: 40, 2029: 80, 2032: 120},
        12,
        14,
        False,
    ),  # риск
    (
        "В3",
        "Доля землячеств с утверждённой программой развития",
        "%",
        4,
        [],
        "community",
        10,
        {2025: 50, 2026: 70, 2029: 90, 2032: 100},
        20,
        35,
        False,
    ),  # отставание
    (
        "В4",
        "Совместные проекты с регионами — малой родиной",
        "шт.",
        3,
        ["interregional-ties", "tambov-development"],
        "community",
        30,
        {2026: 45, 2029: 60, 2032: 80},
        40,
        48,
        True,
    ),  # достигнуто
    (
        "В5",
        "Молодёжь до 35 лет в активе землячеств",
        "%",
        2,
        ["youth-policy"],
        "association",
        15,
        {2026: 25, 2029: 30, 2032: 35},
        17,
        19,
        False,
    ),
    (
        "В6",
        "Обращения в информационный центр",
        "шт.",
        6,
        [],
        "community",
        0,
        {2026: 500, 2029: 1500, 2032: 3000},
        180,
        340,
        True,
    ),
    (
        "В7",
        "Удовлетворённость участников мероприятий",
        "%",
        5,
        ["traditional-values"],
        "community",
        70,
        {2026: 80, 2029: 85, 2032: 90},
        74,
        77,
        False,
    ),
]

SECTION_6 = (
    "Ключевые показатели реализации Стратегии по этапам: базовое значение, цель каждого "
    "этапа, фактическое значение и состояние. Значения, которые платформа вычисляет по своим "
    "данным, обновляются ежедневно; внесённые вручную проверяет контрольный орган.\n\n"
    "{{ table:indicators }}\n\n"
    "{{ chart:indicators }}"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def has_data() -> bool:
    return Indicator.objects.exists()


def _login(username: str, last: str, first: str) -> Any:
    user = user_create(
        username=username,
        role=Role.MEMBER,
        password=f"demo-{username}",
        last_name=last,
        first_name=first,
        is_demo=True,
        email=f"{username}@demo.zemlyaki.local",
    )
    person = person_create(actor=None, data={"last_name": last, "first_name": first}, is_demo=True)
    person_link_user(actor=None, person=person, user=user)
    return person, user


def _bodies() -> tuple[Any, Any, Any, Any, Any]:
    start = datetime.date(2024, 1, 1)
    executive = body_create(
        actor=None,
        kind=BodyKind.EXECUTIVE,
        is_demo=True,
        name="Исполнительный орган Стратегии",
        formed_on=start,
        mandate="Организует реализацию Стратегии и вносит значения показателей с подтверждениями.",
    )
    control = body_create(
        actor=None,
        kind=BodyKind.CONTROL,
        is_demo=True,
        name="Контрольный орган Стратегии",
        formed_on=start,
        mandate="Проверяет внесённые значения показателей и следит за показателями под риском.",
    )
    power_grant(actor=None, body=executive, code="kpi.record")
    power_grant(actor=None, body=control, code="kpi.review")
    recorder_person, recorder = _login("recorder", "Исполнителев", "Пётр")
    control_person, controller = _login("control", "Контролёва", "Нина")
    member_add(actor=None, body=executive, person=recorder_person, position="chair", since=start)
    member_add(actor=None, body=control, person=control_person, position="chair", since=start)
    return executive, control, recorder, controller, start


def _document() -> Document:
    document = Document.objects.filter(kind=DocumentKind.STRATEGY, is_demo=True).first()
    if document is None:
        from zemlyaki.strategy.services import document_create

        document = document_create(
            actor=None,
            title="Стратегия развития института землячеств",
            period_from=2024,
            period_to=2032,
            is_demo=True,
        )
    return document


@transaction.atomic
def load(out: Callable[[str], None]) -> list[str]:
    document = _document()
    goals = {
        n: goal_create(actor=None, document=document, number=n, title=title, is_demo=True)
        for n, title in enumerate(GOALS, start=1)
    }
    executive, control, recorder, controller, _start = _bodies()
    directions = {d.code: d for d in Direction.objects.all()}
    order = 0
    for code, name, unit, goal, codes, level, measure, growth, public in COMPUTED:
        order += 1
        base = Decimal(str(measure_value(measure, None, Period.year(2024))))
        target = (base * Decimal(growth)).quantize(Decimal("1")) + 1
        indicator_create(
            actor=None,
            document=document,
            code=code,
            name=name,
            unit=unit,
            goal=goals[goal],
            directions=[directions[c] for c in codes if c in directions],
            level=level,
            source="computed",
            measure=measure,
            owner_body=executive,
            public=public,
            method=f"Вычисляется платформой: мера «{measure}» за каждый год.",
            targets={2026: target, 2029: target * 2, 2032: target * 3},
            order=order,
            is_demo=True,
        )
    associations = list(Association.objects.order_by("pk")[:3])
    returned = None
    for row in ENTERED:
        code, name, unit, goal, codes, level, baseline, targets, v24, v25, public = row
        order += 1
        indicator = indicator_create(
            actor=None,
            document=document,
            code=code,
            name=name,
            unit=unit,
            goal=goals[goal],
            directions=[directions[c] for c in codes if c in directions],
            level=level,
            source="entered",
            owner_body=executive,
            public=public,
            baseline_year=2023,
            baseline_value=baseline,
            baseline_source="Годовые отчёты землячеств за 2023 год",
            method="Вносит исполнительный орган с подтверждением; проверяет контрольный орган.",
            targets=targets,
            order=order,
            is_demo=True,
        )
        for year, value in ((2024, v24), (2025, v25)):
            # 2024 confirmed by a link, 2025 by a scanned document
            link = f"https://example.org/zemlyaki/{code}/{year}" if year == 2024 else ""
            file = ContentFile(PDF, name=f"{code}-{year}.pdf") if year == 2025 else None
            entry = measurement_enter(
                actor=recorder,
                indicator=indicator,
                year=year,
                value=value,
                comment="Сводка исполнительного органа",
                is_demo=True,
                evidence_url=link,
                evidence_file=file,
            )
            if code == "В7" and year == 2025:
                continue  # waits for the control body's review
            measurement_review(actor=controller, measurement=entry, decision="accepted")
        if level == "association":
            for n, association in enumerate(associations):
                for year, value in ((2024, v24 + n * 3 - 2), (2025, v25 + n * 4 - 3)):
                    entry = measurement_enter(
                        actor=recorder,
                        indicator=indicator,
                        year=year,
                        value=value,
                        association=association,
                        evidence_url="https://example.org/protokol",
                        is_demo=True,
                    )
                    if year == 2025 and n == 0:
                        returned = measurement_review(
                            actor=controller,
                            measurement=entry,
                            decision="returned",
                            remarks="Не приложен протокол собрания актива: приложите его "
                            "и уточните, сколько человек до 35 лет в активе.",
                        )
                    else:
                        measurement_review(actor=controller, measurement=entry, decision="accepted")
    result = indicators_refresh()
    _section_6(document)
    lines = [
        f"Показатели: {Indicator.objects.count()} (вычисляемых {len(COMPUTED)}, вносимых "
        f"{len(ENTERED)}), вычислено значений: {result.values}.",
        "  recorder / demo-recorder — исполнительный орган (вносит значения показателей)",
        "  control / demo-control — контрольный орган (проверяет значения)",
    ]
    if returned is not None:
        lines.append(f"  Возвращено с замечаниями: {returned.indicator.code}, {returned.year}.")
    return lines


def _section_6(document: Document) -> None:
    from zemlyaki.strategy.services import section_save

    section = document.sections.filter(parent__isnull=True).order_by("order", "pk")[5:6].first()
    if section is None or "{{ table:indicators }}" in (section.text or ""):
        return
    section_save(
        actor=None,
        section=section,
        text=SECTION_6,
        base_revision=section.current_revision_id,
        comment="Показатели (демо)",
    )
