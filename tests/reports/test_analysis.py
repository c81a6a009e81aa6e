from decimal import Decimal

import pytest

from zemlyaki.reports.analysis import analyse
from zemlyaki.reports.services import lexicon_load

from .conftest import REPORT_TEXT


@pytest.fixture
def result(db):
    return analyse(REPORT_TEXT, lexicon_load())


def test_entities_normalised_to_base_form(result):
    assert [(i.category, i.value, i.matched) for i in result.of("entity")] == [
        ("ORG", "Тамбовское землячество", "Тамбовского землячества"),
        ("ORG", "Правительство Москвы", "Правительства Москвы"),
        ("ORG", "Дом народов России", "Доме народов России"),
        ("LOC", "Тамбовская область", "Тамбовской области"),
        ("PER", "Иван Петрович Сидоров", "Иван Петрович Сидоров"),
        ("LOC", "Мичуринск", "Мичуринске"),
        ("LOC", "Мичуринск", "Мичуринске"),
    ]


def test_dates_and_periods(result):
    assert [(i.category, i.value) for i in result.of("date")] == [
        ("date", "2005"),
        ("date", "2005"),
        ("date", "15.05.2005"),
        ("date", "2006"),
    ]


def test_numbers_with_what_they_count(result):
    assert [(i.category, i.value, i.number, i.number_from) for i in result.of("number")] == [
        ("events", "мероприятие", Decimal("12"), None),
        ("participants", "человек", Decimal("1500"), None),
        ("money", "рубль", Decimal("350000"), None),
        ("members", "член", Decimal("515"), Decimal("420")),
    ]


def test_activity_sentences_by_direction(result):
    assert [(i.category, i.matched) for i in result.of("activity")] == [
        ("culture", "Дни Тамбовской области"),
        ("interregional", "Доме народов России"),
        ("patriotic", "Великой Отечественной войны"),
        ("veterans", "ветеранам"),
        ("culture", "фестиваль"),
        ("youth", "молодёжный"),
        ("charity", "помощь землякам"),
        ("culture", "Концерт"),
        ("organisation", "Численность"),
    ]


def test_failures_and_achievements(result):
    assert [(i.category, i.matched, i.direction) for i in result.of("outcome")] == [
        ("failure", "К сожалению; не удалось провести; перенесён", "culture"),
        ("failure", "отменён", "culture"),
        ("achievement", "выросла", "organisation"),
    ]
    failure = result.of("outcome")[0]
    assert failure.quote == (
        "К сожалению, не удалось провести молодёжный фестиваль в Мичуринске: он был "
        "перенесён на 2006 год."
    )


def test_sentences_cover_the_text(result):
    assert len(result.sentences) == 8
    assert REPORT_TEXT[slice(*result.sentences[0])] == (
        "Отчёт правления Тамбовского землячества за 2005 год"
    )
    assert REPORT_TEXT[slice(*result.sentences[-1])] == (
        "Численность землячества выросла с 420 до 515 членов."
    )
