"""Three demonstration programs with their needs and pledges (all ``is_demo``): the
Tambov association's, the community's youth program and the memory of countrymen.

Pledges come from six kinds of stakeholders; one is partly delivered, one withdrawn and
one pledges more than its need asked."""

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from zemlyaki.directions.models import Direction
from zemlyaki.governance.models import Body, BodyKind
from zemlyaki.registry.models import Association, Stakeholder, StakeholderKind

from .models import Pledge, Program
from .services import need_create, pledge_create, pledge_transition, program_create

D = datetime.date

PROGRAMS = [
    (
        "tambov",
        "Тамбовский край — землякам: культурные дни и поддержка малой родины",
        "Дни Тамбовской области в Москве, связи с районами области, помощь землякам.",
        ["culture", "tambov-development"],
        D(2025, 1, 1),
        D(2027, 12, 31),
        "running",
    ),
    (
        "youth",
        "Молодёжь землячеств Москвы",
        "Вовлечение молодых земляков: наставничество, волонтёрство, проекты для родных краёв.",
        ["youth", "youth-policy"],
        D(2025, 3, 1),
        D(2028, 12, 31),
        "approved",
    ),
    (
        "memory",
        "Память земляков: Москва и малая родина",
        "Книга памяти земляков, мемориальные доски, поисковые экспедиции.",
        ["patriotic", "traditional-values"],
        D(2025, 1, 1),
        D(2030, 12, 31),
        "draft",
    ),
]

# program key, kind, description, quantity, unit, needed by
NEEDS = [
    ("tambov", "money", "Аренда площадки и программа Дней области", "600000", "rub", D(2025, 9, 1)),
    ("tambov", "premises", "Зал на 300 мест", "450", "sqm", D(2025, 9, 1)),
    ("tambov", "information", "Анонсы и репортажи", "12", "publications", None),
    ("youth", "volunteers", "Волонтёры молодёжных проектов", "200", "person_days", None),
    ("youth", "expertise", "Наставники из земляков-профессионалов", "120", "hours", None),
    ("youth", "transport", "Поездки на малую родину", "8", "trips", D(2026, 6, 1)),
    ("memory", "money", "Издание Книги памяти", "900000", "rub", D(2026, 5, 1)),
    ("memory", "administrative", "Письма в архивы и военкоматы", "40", "letters", None),
]

# need index, stakeholder kind, quantity, states, delivered
PLEDGES: list[tuple[int, str, str, tuple[str, ...], str | None]] = [
    (0, StakeholderKind.BUSINESS, "350000", ("confirmed", "delivered"), "200000"),
    (0, StakeholderKind.HOME_REGION, "300000", ("confirmed",), None),
    (1, StakeholderKind.PUBLIC_INSTITUTIONS, "450", ("confirmed", "delivered"), "450"),
    (2, StakeholderKind.MEDIA, "20", (), None),  # more than the need asked
    (3, StakeholderKind.COMMUNITY, "120", ("confirmed",), None),
    (4, StakeholderKind.MEMBERS, "60", (), None),
    (5, StakeholderKind.PARTNER_REGIONS, "4", ("withdrawn",), None),
    (6, StakeholderKind.REGION_OF_ACTIVITY, "500000", ("confirmed",), None),
    (7, StakeholderKind.RUSSIAN_FEDERATION, "40", ("confirmed",), None),
]


def has_data() -> bool:
    return Program.objects.filter(is_demo=True).exists()


def load(out: Callable[[str], None]) -> list[str]:
    tambov = Association.objects.filter(name__icontains="Тамбов").first()
    body = Body.objects.filter(kind=BodyKind.EXECUTIVE).first() or Body.objects.first()
    programs: dict[str, Program] = {}
    for key, title, goals, codes, start, end, status in PROGRAMS:
        programs[key] = program_create(
            actor=None,
            title=title,
            goals=goals,
            association=tambov if key == "tambov" else None,
            directions=list(Direction.objects.filter(code__in=codes)),
            start=start,
            end=end,
            status=status,
            responsible_body=body,
            is_demo=True,
        )
    needs = [
        need_create(
            actor=None,
            program=programs[key],
            kind=kind,
            description=text,
            quantity=Decimal(quantity),
            unit=unit,
            needed_by=needed_by,
        )
        for key, kind, text, quantity, unit, needed_by in NEEDS
    ]
    givers = {s.kind: s for s in Stakeholder.objects.filter(is_demo=True).order_by("pk")}
    made: list[Any] = []
    for index, kind, quantity, states, delivered in PLEDGES:
        giver = givers.get(kind)
        if giver is None:
            continue
        need = needs[index]
        pledge = pledge_create(
            actor=None,
            program=need.program,
            need=need,
            stakeholder=giver,
            quantity=Decimal(quantity),
            unit=need.unit,
            conditions="",
            contact=giver.email or giver.phone,
            is_demo=True,
        )
        for to in states:
            pledge = pledge_transition(
                actor=None,
                pledge=pledge,
                to=to,
                delivered_quantity=Decimal(delivered) if delivered else None,
                evidence_note="Акт приёма-передачи (демо)" if to == "delivered" else "",
            )
        made.append(pledge)
    out(
        f"programs: {len(programs)} programs, {len(needs)} needs, "
        f"{Pledge.objects.filter(is_demo=True).count()} pledges"
    )
    return [p.title for p in programs.values()]
