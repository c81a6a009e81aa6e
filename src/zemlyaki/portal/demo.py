"""Demonstration content of the public site (all ``is_demo``): news of the council and of
associations (one scheduled, one draft), publishing choices, events placed on the map,
practices accepted from the demo reports' analysis and written by hand, and one answered
question in the public FAQ."""

import datetime
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.utils import timezone

from zemlyaki.core.models import Region
from zemlyaki.directions.models import Direction
from zemlyaki.events.models import Event
from zemlyaki.registry.models import Association

from . import selectors
from .models import EventPlace, NewsItem, NewsStatus, Practice, Question, QuestionStatus
from .services import news_create, practice_accept, practice_create, publication_save

# (association short name or None for the council, title, lead, body, days ago, state)
NEWS = [
    (None, "Координационный совет начал работу над Стратегией 2024–2032",
     "Рабочая группа собрала первые предложения землячеств.",
     "<p>На заседании Координационного совета утверждён план подготовки Стратегии развития "
     "института землячеств в городе Москве.</p><ul><li>рабочая группа</li><li>редакционная "
     "группа</li><li>экспертный совет</li></ul>", 20, "published"),
    (None, "Открыт приём вопросов в справочную службу",
     "Эксперты землячеств отвечают на вопросы земляков и руководителей.",
     "<p>Задайте вопрос на странице справочной службы — ответ придёт на почту.</p>", 7,
     "published"),
    ("Тамбовское землячество", "Дни Тамбовской области в Москве",
     "Концерт, ярмарка и встреча с земляками.",
     "<p>Тамбовское землячество приглашает на Дни области.</p>"
     "<script>alert('демо: вырезано')</script>", 3, "published"),
    ("Сибирское землячество", "Сибиряки в Москве: молодёжный форум",
     "Форум молодых земляков Новосибирской, Омской и Томской областей и Алтайского края.",
     "<p>Программа форума и регистрация — на странице мероприятия.</p>", 1, "published"),
    ("Тамбовское землячество", "Итоги года (запланировано)",
     "Публикация по расписанию.", "<p>Итоги года землячества.</p>", -10, "published"),
    ("Рязанское землячество", "Черновик: план на весну", "", "<p>Черновик.</p>", 0, "draft"),
]  # fmt: skip

HAND_PRACTICES = [
    ("Книга памяти земляков", "Сбор биографий земляков-фронтовиков и издание книги памяти "
     "вместе с архивами малой родины.", "Тамбовское землячество", 2019),
    ("Наставничество для студентов-земляков", "Земляки-профессионалы ведут студентов из "
     "родного края в первые годы в Москве.", "Сибирское землячество", 2022),
]  # fmt: skip


def has_data() -> bool:
    return NewsItem.objects.filter(is_demo=True).exists()


def load(out: Callable[[str], None]) -> list[str]:
    coordinator = get_user_model().objects.filter(username="coordinator").first()
    associations = {a.short_name: a for a in Association.objects.filter(is_demo=True)}
    if not associations:
        return ["Информационный центр: демонстрационных землячеств нет, данные не созданы."]
    now = timezone.now()
    directions = list(Direction.objects.order_by("order", "pk")[:3])
    for short, title, lead, body, days, state in NEWS:
        association = associations.get(short) if short else None
        news_create(
            actor=coordinator,
            association=association,
            title=title,
            lead=lead,
            body=body,
            status=state,
            published_at=now - datetime.timedelta(days=days) if state == "published" else None,
            directions=directions[:1],
            regions=list(association.regions.all()) if association else [],
            is_demo=True,
        )
    for index, association in enumerate(associations.values()):
        publication_save(
            actor=coordinator,
            association=association,
            show_contacts=index % 3 != 2,
            show_website=True,
            leader_contact="Председатель правления (демо), info@demo.zemlyaki.local"
            if index % 2 == 0
            else "",
            show_member_count=index % 2 == 0,
            show_standard_score=index % 4 == 0,
        )
    # Public events on the map: each by turns with an association and its regions.
    demo_events = list(Event.objects.filter(is_demo=True, is_public=True).order_by("pk"))
    chosen = list(associations.values())
    for index, event in enumerate(demo_events):
        association = chosen[index % len(chosen)]
        place, _created = EventPlace.objects.get_or_create(
            event=event, defaults={"association": association}
        )
        place.regions.set(association.regions.all() or Region.objects.filter(code="77"))
    accepted = 0
    for finding in selectors.practice_candidates()[:12]:
        practice_accept(actor=coordinator, finding=finding, is_demo=True)
        accepted += 1
    for title, description, short, year in HAND_PRACTICES:
        practice_create(
            actor=coordinator,
            title=title,
            description=description,
            association=associations.get(short),
            year=year,
            direction=directions[0] if directions else None,
            is_demo=True,
        )
    Question.objects.create(
        name="Демо-посетитель",
        email="visitor@demo.zemlyaki.local",
        text="Как зарегистрировать землячество как некоммерческую организацию?",
        answer="Нужны устав, решение учредительного собрания и заявление в Минюст (демо).",
        status=QuestionStatus.ANSWERED,
        answered_at=now,
        publish_consent=True,
        is_public=True,
        is_demo=True,
    )
    Question.objects.create(
        name="Демо-руководитель",
        email="leader-question@demo.zemlyaki.local",
        text="Где найти шаблон годового отчёта?",
        is_demo=True,
    )
    news_count = NewsItem.objects.filter(is_demo=True).count()
    live = NewsItem.objects.filter(is_demo=True, status=NewsStatus.PUBLISHED).count()
    practices = Practice.objects.filter(is_demo=True).count()
    return [
        f"Информационный центр: новостей {news_count} (опубликовано {live}), "
        f"практик {practices} (из отчётов {accepted}), мероприятий на карте {len(demo_events)}."
    ]
