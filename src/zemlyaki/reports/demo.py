"""Demonstration annual reports of several associations over four decades.

The texts are generated from sentence patterns with a fixed random seed, so the demo
shows the same trends every time: culture and charity steady from the 1990s, business
links growing in the 2000s and fading later, media and interregional work growing in the
2010s, support of servicemen and their families rising in the 2020s, and recurring
trouble with premises and youth work. All records are marked ``is_demo``.
"""

import datetime
import random
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model

from zemlyaki.core.typography import count, plural_form
from zemlyaki.registry.models import Association

from . import services
from .models import AnnualReport

# short name → (region in the genitive, towns in the prepositional, adjective for people)
ASSOCIATIONS = {
    "Тамбовское землячество": ("Тамбовской области", ["Тамбове", "Мичуринске", "Моршанске"]),
    "Рязанское землячество": ("Рязанской области", ["Рязани", "Касимове", "Скопине"]),
    "Сибирское землячество": ("Новосибирской области", ["Новосибирске", "Омске", "Томске"]),
    "Воронежское землячество": ("Воронежской области", ["Воронеже", "Россоши", "Борисоглебске"]),
}
YEARS = [1995, 1998, 2002, 2006, 2009, 2013, 2017, 2021, 2024]

SENTENCES: dict[str, list[str]] = {
    "culture": [
        "В Доме народов России прошли Дни {region}, в концерте выступили {n} артистов из {town}.",
        "Землячество провело творческий вечер поэтов и художников родного края.",
        "Фольклорный ансамбль землячества выступил на фестивале народного творчества.",
    ],
    "charity": [
        "Собрано {money} тыс. рублей на помощь землякам, пострадавшим от наводнения.",
        "Членам землячества, оказавшимся в трудном положении, оказана материальная помощь.",
        "Передана благотворительная помощь детскому дому в {town}.",
    ],
    "patriotic": [
        "В День Победы члены землячества возложили цветы к Могиле Неизвестного Солдата.",
        "При участии землячества в {town} открыта мемориальная доска Герою Советского Союза.",
    ],
    "veterans": [
        "Ветеранам Великой Отечественной войны вручены подарки и продуктовые наборы.",
        "Землячество собрало гуманитарный груз для бойцов и семей военнослужащих из {region}.",
        "Проведена встреча с семьями мобилизованных земляков, им оказана адресная помощь.",
    ],
    "youth": [
        "Для студентов из {region} проведена встреча с выпускниками московских вузов.",
        "Создан молодёжный совет землячества, в него вошли {people}.",
    ],
    "business": [
        "При поддержке Правительства Москвы проведена деловая встреча предпринимателей "
        "с администрацией {region}.",
        "На ярмарке в Москве представлена продукция производителей из {town}.",
        "Подписано соглашение о сотрудничестве с Торгово-промышленной палатой {region}.",
    ],
    "education": [
        "Землячество учредило стипендию для студентов из {region}.",
        "Проведена научная конференция по краеведению с участием учёных из {town}.",
    ],
    "sport": [
        "Впервые прошёл шахматный турнир землячеств Москвы, в нём приняли участие {participants}.",
        "Команда землячества успешно выступила на спартакиаде землячеств.",
    ],
    "media": [
        "Вышел очередной выпуск газеты землячества тиражом {n}00 экземпляров.",
        "Землячество издало книгу воспоминаний земляков о родном крае.",
        "Открыт сайт землячества и страница в социальной сети.",
    ],
    "interregional": [
        "Совместно с другими землячествами проведён праздник дружбы народов.",
        "Представители землячества вошли в Совет землячеств при Московском доме национальностей.",
    ],
    "organisation": [
        "Общее собрание утвердило новую редакцию устава и избрало правление.",
        "Численность землячества выросла с {members_before} до {members} членов.",
    ],
}
FAILURES: dict[str, list[str]] = {
    "organisation": [
        "К сожалению, землячеству не хватает помещения для встреч и репетиций.",
        "Численность землячества сократилась с {members_before} до {members} членов.",
    ],
    "youth": ["Молодёжный фестиваль не состоялся из-за нехватки средств."],
    "business": ["Деловая встреча с инвесторами из {region} была перенесена, а затем отменена."],
    "culture": ["Концерт в {town} был отменён из-за отсутствия финансирования."],
}
# Weight of each direction per decade: what the demo archive should show as trends.
WEIGHTS: dict[str, dict[str, int]] = {
    "1990s": {"culture": 3, "charity": 3, "organisation": 2, "patriotic": 2, "veterans": 1},
    "2000s": {"culture": 3, "charity": 2, "business": 3, "youth": 2, "organisation": 2,
              "patriotic": 1, "education": 1, "sport": 1},
    "2010s": {"culture": 2, "charity": 2, "business": 1, "media": 3, "interregional": 3,
              "youth": 2, "patriotic": 2, "sport": 1, "education": 1, "organisation": 1},
    "2020s": {"culture": 2, "charity": 2, "veterans": 4, "media": 3, "interregional": 2,
              "patriotic": 2, "youth": 1, "organisation": 1},
}  # fmt: skip


def report_text(
    short: str, year: int, members_before: int, members: int, rng: random.Random
) -> str:
    region, towns = ASSOCIATIONS[short]
    decade = f"{year // 10 * 10}s"
    values: dict[str, Any] = {
        "region": region,
        "town": rng.choice(towns),
        "n": rng.randint(12, 80),
        "money": rng.randint(40, 400),
        "members_before": members_before,
        "members": members,
    }
    n = values["n"]
    # With a plain space, as people type it: the analysis reads the figure and its noun.
    values["participants"] = f"{n} {plural_form(n, ('участник', 'участника', 'участников'))}"
    values["people"] = f"{n} {plural_form(n, ('человек', 'человека', 'человек'))}"
    lines = [
        f"Отчёт правления {short.replace('ое землячество', 'ого землячества')} за {year} год",
        f"В {year} году землячество провело "
        f"{count(rng.randint(8, 30), ('мероприятие', 'мероприятия', 'мероприятий'))}, в которых "
        f"приняли участие более {rng.randint(3, 20)}00 человек.",
    ]
    for direction, weight in WEIGHTS[decade].items():
        for pattern in rng.sample(SENTENCES[direction], min(weight, len(SENTENCES[direction]))):
            if "members" in pattern and members <= members_before:
                continue
            lines.append(pattern.format(**values))
    failures = [d for d in FAILURES if d in WEIGHTS[decade]]
    for direction in rng.sample(failures, min(2, len(failures))):
        pattern = rng.choice(FAILURES[direction])
        if "members" in pattern and members >= members_before:
            pattern = FAILURES[direction][0]
        lines.append(pattern.format(**values))
    return "\n".join(lines)


def load(out: Callable[[str], None]) -> list[str]:
    coordinator = get_user_model().objects.filter(username="coordinator").first()
    found = {
        a.short_name: a
        for a in Association.objects.filter(short_name__in=list(ASSOCIATIONS), is_demo=True)
    }
    if not found:
        return ["Годовые отчёты: демонстрационных землячеств нет, отчёты не созданы."]
    rng = random.Random(2024)
    lexicon = services.lexicon_load()
    created = 0
    for short, association in found.items():
        members = rng.randint(80, 150)
        for year in YEARS:
            before = members
            change = rng.randint(-40, 90) if year < 2015 else rng.randint(-60, 40)
            members = max(40, members + change)
            report = services.report_create(
                actor=coordinator,
                association=association,
                year_from=year,
                meeting_date=datetime.date(year + 1, 3, rng.randint(1, 28)),
                title=f"Отчёт правления за {year} год",
                text=report_text(short, year, before, members, rng),
                is_demo=True,
                process=False,
            )
            services.report_analyse(report=report, lexicon=lexicon)
            created += 1
    count = AnnualReport.objects.filter(is_demo=True).count()
    return [
        f"Годовые отчёты: создано {created} (всего демонстрационных {count}), проанализированы."
    ]
