"""The seed's directions at four levels of policy, with the documents they come from.

The directions the reports analysis already classifies to (culture, youth, memory…) are
placed under the policy directions they serve, so the catalogue stays one tree."""

import datetime
from collections.abc import Callable
from typing import Any

from zemlyaki.core.models import Region

from .models import Direction, DirectionLevel
from .services import direction_create, direction_update, source_add

D = datetime.date

# (code, name, level, parent code, region code, sources: (title, number, date, url))
POLICY: list[tuple[Any, ...]] = [
    (
        "national-policy",
        "Государственная национальная политика: единство многонационального народа",
        DirectionLevel.FEDERAL,
        None,
        "",
        [
            (
                "Стратегия государственной национальной политики Российской Федерации "
                "на период до 2025 года (Указ Президента Российской Федерации)",
                "№ 1666",
                D(2012, 12, 19),
                "http://www.kremlin.ru/acts/bank/36512",
            )
        ],
    ),
    (
        "traditional-values",
        "Сохранение и укрепление традиционных российских духовно-нравственных ценностей",
        DirectionLevel.FEDERAL,
        "national-policy",
        "",
        [
            (
                "Основы государственной политики по сохранению и укреплению традиционных "
                "российских духовно-нравственных ценностей (Указ Президента Российской Федерации)",
                "№ 809",
                D(2022, 11, 9),
                "http://www.kremlin.ru/acts/bank/48502",
            )
        ],
    ),
    (
        "youth-policy",
        "Государственная молодёжная политика",
        DirectionLevel.FEDERAL,
        None,
        "",
        [
            (
                "Основы государственной молодёжной политики Российской Федерации на период "
                "до 2025 года (распоряжение Правительства Российской Федерации)",
                "№ 2403-р",
                D(2014, 11, 29),
                "",
            )
        ],
    ),
    (
        "interregional-ties",
        "Межрегиональное сотрудничество и связи с регионами — малой родиной",
        DirectionLevel.INTERREGIONAL,
        None,
        "",
        [
            (
                "Стратегия пространственного развития Российской Федерации на период до 2025 "
                "года (распоряжение Правительства Российской Федерации)",
                "№ 207-р",
                D(2019, 2, 13),
                "",
            )
        ],
    ),
    (
        "moscow-national-policy",
        "Национальная политика и межрегиональные связи города Москвы",
        DirectionLevel.MOSCOW,
        "national-policy",
        "77",
        [
            (
                "Государственная программа города Москвы в сфере национальной политики и "
                "межрегиональных связей (реквизиты уточняются)",
                "",
                None,
                "https://www.mos.ru/dnpmsv/",
            )
        ],
    ),
    (
        "tambov-development",
        "Развитие Тамбовской области: связи с земляками",
        DirectionLevel.REGIONAL,
        "interregional-ties",
        "68",
        [
            (
                "Стратегия социально-экономического развития Тамбовской области "
                "(реквизиты уточняются)",
                "",
                None,
                "",
            )
        ],
    ),
]

# The analysis' own directions and the policy direction each serves.
PLACES = {
    "culture": "national-policy",
    "patriotic": "traditional-values",
    "veterans": "traditional-values",
    "youth": "youth-policy",
    "education": "youth-policy",
    "interregional": "interregional-ties",
    "business": "interregional-ties",
}


def load(out: Callable[[str], None]) -> list[str]:
    made = []
    for order, (code, name, level, parent, region, sources) in enumerate(POLICY, start=100):
        if Direction.objects.filter(code=code).exists():
            continue
        direction = direction_create(
            actor=None,
            code=code,
            name=name,
            level=level,
            order=order,
            parent=Direction.objects.get(code=parent) if parent else None,
            region=Region.objects.filter(code=region).first() if region else None,
            is_demo=True,
        )
        for title, number, date, url in sources:
            source_add(
                actor=None, direction=direction, title=title, number=number, date=date, url=url
            )
        made.append(direction.name)
    for code, parent in PLACES.items():
        child = Direction.objects.filter(code=code, parent__isnull=True).first()
        if child is not None:
            direction_update(actor=None, direction=child, parent=Direction.objects.get(code=parent))
    out(f"directions: {len(made)} policy directions")
    return made
