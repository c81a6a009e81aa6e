"""A direction's potential from what the platform knows: findings, people, events."""

import datetime

import pytest
from django.utils import timezone

from tests.people.factories import make_person
from tests.programs.factories import make_program
from tests.registry.factories import make_association
from zemlyaki.core.text import fold, search_document
from zemlyaki.directions.models import Direction
from zemlyaki.events.models import Event
from zemlyaki.people.models import Competency, Interest
from zemlyaki.programs.potential import direction_potential
from zemlyaki.reports.models import AnnualReport, ReportFinding

pytestmark = pytest.mark.django_db


def _finding(association, year, direction, review="pending"):
    report = AnnualReport.objects.create(
        association=association, year_from=year, year_to=year, decade=f"{year // 10 * 10}s"
    )
    return ReportFinding.objects.create(
        report=report,
        kind="activity",
        direction=direction,
        quote="Провели слёт молодёжи.",
        start=0,
        end=10,
        review=review,
    )


def _term(model, name):
    return model.objects.create(name=name, folded_name=fold(name))


def test_potential_counts_findings_people_with_consent_and_events():
    youth = Direction.objects.get(code="youth")
    association = make_association()
    _finding(association, 1998, youth)
    _finding(association, 2005, youth)
    _finding(association, 2005, youth)
    _finding(association, 2006, youth, review="rejected")
    _finding(association, 2007, Direction.objects.get(code="sport"))
    mentoring = _term(Competency, "Работа с молодёжью")
    students = _term(Interest, "Помощь студентам")
    one = make_person(last="Первая")
    one.competencies.add(mentoring)
    two = make_person(last="Вторая")
    two.interests.add(students)
    no_consent = make_person(last="Третья")
    no_consent.competencies.add(mentoring)
    no_consent.consents.update(withdrawn_on=datetime.date(2025, 1, 1))
    for title, status in (
        ("Слёт молодёжи землячеств", "held"),
        ("Молодёжный форум", "planned"),
        ("Турнир по шахматам", "held"),
    ):
        Event.objects.create(
            kind="round_table",
            title=title,
            starts_at=timezone.now(),
            status=status,
            search_text=search_document(title),
        )
    make_program(title="Молодёжь", directions=[youth])
    potential = direction_potential(youth)
    assert potential["findings_by_year"] == {1998: 1, 2005: 2}
    assert potential["findings_by_decade"] == [
        ("1990s", 1),
        ("2000s", 2),
        ("2010s", 0),
        ("2020s", 0),
    ]
    assert (potential["people_competent"], potential["people_interested"]) == (1, 1)
    assert potential["events_held"] == 1
    assert [p.title for p in potential["programs"]] == ["Молодёжь"]


def test_people_match_a_direction_by_word_forms_not_substrings():
    sport = Direction.objects.get(code="sport")
    from zemlyaki.programs.potential import matching_terms, vocabulary

    phrases = vocabulary([sport.pk])
    assert any("спорт" in p for p in phrases)
    runners = _term(Competency, "Тренер по лёгкой атлетике, спортивные секции")
    sports = _term(Competency, "Спорт и туризм")
    drivers = _term(Competency, "Транспорт и логистика")  # «спорт» inside, not a word of it
    found = matching_terms(Competency, ["спорт"])
    assert sports.pk in found
    assert drivers.pk not in found
    assert runners.pk not in found  # «спортивные» is another word, not a form of «спорт»
    person = make_person(last="Бегунова")
    person.competencies.add(sports)
    driver = make_person(last="Водителев")
    driver.competencies.add(drivers)
    assert direction_potential(sport)["people_competent"] == 1
