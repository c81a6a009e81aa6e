"""The seed's round table (which approves the plan) and the strategic session."""

import datetime
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from zemlyaki.core.registries import linkables
from zemlyaki.governance.models import Body, BodyKind
from zemlyaki.governance.services import body_member_count

from .models import DecisionEffect, EventKind, EventStatus, MaterialPhase
from .services import (
    agenda_item_add,
    attendance_mark,
    decision_record,
    event_create,
    event_update,
    material_add,
    minutes_update,
    registration_create,
)

MOSCOW = ZoneInfo("Europe/Moscow")
SESSION_TITLE = (
    "Землячества Москвы — сплочение региональных землячеств Москвы во имя России, "
    "на благо родных краёв, во славу Столицы"
)
SECTIONS = [
    "Анализ развития института землячеств до 2022 года",
    "Цели и задачи института землячеств на период 2024–2032 гг.",
    "Направления развития института землячеств на период 2024–2032 гг.",
    "Ресурсное обеспечение землячеств в 2024–2032 гг.",
    "Учёт и контроль работы по реализации стратегии",
    "Ключевые показатели и индикаторы реализации стратегии",
]
PLAN_TEXT = """Предлагаемый к обсуждению участников круглого стола план
1. Сформировать рабочую группу разработки Стратегии - 15.10.2023
2. Сформировать редакционную группу - 15.10.2023
3. Сформировать оргкомитет подготовки и проведения стратегической сессии - 15.10.2023
4. Собрать и проанализировать годовые отчёты землячеств за 90-е, 00-е, 10-е, 20-е годы - 01.02.2023
5. Запросить у руководителей списки активных земляков и провести анкетирование - 01.02.2023
6. Выявить направления государственной и региональных политик - 01.02.2023
7. Провести стратегическую сессию - 01.03.2023
8. Разработать стратегию, стандарт работы и концепцию сайта - 01.08.2024
"""


def _questionnaire_url() -> str:
    """The public link of the demo questionnaire, relative: it leads to the questionnaire
    itself wherever the site is served."""
    surveys = linkables.get("surveys.survey")
    if surveys is None:
        return ""
    survey = surveys.objects().filter(is_demo=True).order_by("pk").first()
    return survey.public_url() if survey is not None else ""


def _demo_plan() -> Any:
    plans = linkables.get("plan.plan")
    if plans is None:
        return None
    return plans.objects().filter(is_demo=True).order_by("pk").first()


def load(out: Callable[[str], None]) -> list[str]:
    bodies = {b.kind: b for b in Body.objects.filter(is_demo=True).order_by("pk")}
    working = bodies.get(BodyKind.WORKING_GROUP)
    orgcom = bodies.get(BodyKind.ORGANISING_COMMITTEE) or working
    questionnaire = _questionnaire_url()

    round_table = event_create(
        actor=None,
        kind=EventKind.ROUND_TABLE,
        title="Круглый стол: план подготовки и разработки Стратегии развития института "
        "землячеств в г. Москве на 2024–2032 годы",
        starts_at=datetime.datetime(2023, 10, 5, 15, 0, tzinfo=MOSCOW),
        ends_at=datetime.datetime(2023, 10, 5, 18, 0, tzinfo=MOSCOW),
        place="Москва, «Точка кипения», конференц-зал",
        organiser=working,
        capacity=40,
        description="Обсуждение и утверждение сроков и мероприятий плана подготовки и "
        "разработки Стратегии.",
        preparation="Форма анкеты для выявления инициативных земляков представлена здесь "
        "заблаговременно, не позднее 1 октября. Просим руководителей землячеств подготовить "
        "списки активных и инициативных земляков с указанием профессиональных компетенций "
        "и общественных интересов.",
        questionnaire_url=questionnaire,
        registration_open=False,
        status=EventStatus.HELD,
        is_demo=True,
    )
    for title, minutes, speaker in [
        ("О Стратегии развития института землячеств и её структуре", 20, "Беликов А. М."),
        ("Обсуждение плана подготовки и разработки Стратегии", 60, ""),
        ("Формирование рабочих органов и экспертного совета", 30, ""),
        ("Утверждение плана и сроков", 20, ""),
    ]:
        agenda_item_add(
            actor=None,
            event=round_table,
            title=title,
            duration_minutes=minutes,
            speaker=speaker,
        )
    material_add(
        actor=None,
        event=round_table,
        title="Предлагаемый к обсуждению план (демо)",
        phase=MaterialPhase.BEFORE,
        file=ContentFile(PLAN_TEXT.encode(), name="plan-kruglogo-stola.txt"),
    )
    # Registration was open before the day; the demo records it as it was.
    round_table = event_update(
        actor=None, event=round_table, registration_open=True, status=EventStatus.PLANNED
    )
    for index, name in enumerate(
        ["Иванова Мария Петровна", "Сидоров Пётр Ильич", "Кузнецова Анна Сергеевна"], start=1
    ):
        registration, _token = registration_create(
            event=round_table, name=name, email=f"guest{index}@demo.zemlyaki.local", notify=False
        )
        attendance_mark(actor=None, registration=registration)
    round_table = event_update(
        actor=None, event=round_table, registration_open=False, status=EventStatus.HELD
    )
    minutes_update(
        actor=None,
        event=round_table,
        minutes="Обсудили предложенный план подготовки и разработки Стратегии, сроки и "
        "состав рабочих органов. Решения приняты открытым голосованием.",
    )
    lines = []
    plan = _demo_plan()
    if working is not None and plan is not None:
        present = body_member_count(working)
        try:
            decision_record(
                actor=None,
                event=round_table,
                text="Утвердить план подготовки и разработки Стратегии со сроками.",
                present=present,
                votes_for=present,
                effect=DecisionEffect.APPROVE_PLAN,
                target_id=str(plan.pk),
            )
            lines.append("Круглый стол утвердил план решением № 1.")
        except ValidationError as error:
            lines.append("План не утверждён: " + " ".join(error.messages))

    session = event_create(
        actor=None,
        kind=EventKind.STRATEGIC_SESSION,
        title=SESSION_TITLE,
        starts_at=(timezone.now() + datetime.timedelta(days=21))
        .astimezone(MOSCOW)
        .replace(hour=11, minute=0, second=0, microsecond=0),
        place="Москва, Дом народов России",
        organiser=orgcom,
        capacity=120,
        description="Стратегическая сессия с приглашением экспертного сообщества и "
        "представителей органов власти: выработка и согласование позиций по всем разделам "
        "и ключевым направлениям Стратегии.",
        preparation="Участникам: ознакомьтесь с материалами анализа годовых отчётов "
        "землячеств и проектом структуры Стратегии. Работа идёт по секциям — по разделам "
        "Стратегии.",
        questionnaire_url=questionnaire,
        is_demo=True,
    )
    for number, section in enumerate(SECTIONS, start=1):
        agenda_item_add(
            actor=None,
            event=session,
            title=f"Секция {number}. {section}",
            duration_minutes=45,
        )
    return [
        "Мероприятия: круглый стол и стратегическая сессия «Землячества Москвы – …».",
        *lines,
    ]
