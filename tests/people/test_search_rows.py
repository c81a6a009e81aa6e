"""The persons of a search page, read with their relations in one statement
(``search_rows``), are the persons the ORM reads: the same field values, home region,
competencies, interests and memberships; and they are made by the model's constructor
whenever something listens to its signals."""

import datetime

import pytest
from django.db.models.signals import post_init

from tests.registry.factories import make_association
from zemlyaki.people import selectors
from zemlyaki.people.models import Person

from .factories import make_person


@pytest.fixture
def lawyers(db):
    tambov = make_association("Тамбовское землячество", ["68"])
    yakut = make_association("Якутское землячество", ["14"])
    made = [
        make_person(
            "Юристов",
            "Пётр",
            "Ильич",
            occupation="юрист",
            birth_date=datetime.date(1980, 2, 1),
            competencies=["Нотариат", "Арбитраж"],
            interests=["Шахматы"],
            association=tambov,
        ),
        make_person("Правова", "Анна", "", occupation="юрист", association=yakut),
        make_person("Законов", "Игорь", "", occupation="юрист"),
    ]
    made[0].memberships.create(association=yakut, role="member")
    return made


def _described(person: Person) -> dict:
    fields = {
        f.attname: getattr(person, f.attname)
        for f in Person._meta.concrete_fields
        if f.attname not in person.get_deferred_fields()
    }
    return {
        **fields,
        "deferred": sorted(person.get_deferred_fields()),
        "region": person.home_region and person.home_region.code,
        "competencies": [c.name for c in person.competencies.all()],
        "interests": [i.name for i in person.interests.all()],
        "memberships": [
            (m.association.slug, m.role, m.since, m.until) for m in person.memberships.all()
        ],
        "saved": (person._state.adding, person._state.db),
    }


@pytest.mark.django_db
def test_page_rows_are_the_persons_the_orm_reads(coordinator, lawyers, django_assert_num_queries):
    qs, terms = selectors.person_search(user=coordinator, q="юрист")
    with django_assert_num_queries(2):
        page = [_described(p) for p in selectors.search_slice(qs, terms, 0, 20).rows]
    expected = [_described(p) for p in qs]
    assert page == expected
    (first,) = [p for p in page if p["last_name"] == "Юристов"]
    assert first["competencies"] == ["Арбитраж", "Нотариат"]
    assert first["interests"] == ["Шахматы"]
    assert [m[0] for m in first["memberships"]] == [
        "tambovskoe-zemlyachestvo",
        "yakutskoe-zemlyachestvo",
    ]
    assert first["deferred"] == ["expertise_text", "match_name", "search_text"]
    assert first["saved"] == (False, "default")
    assert sorted(p["last_name"] for p in page) == ["Законов", "Правова", "Юристов"]


@pytest.mark.django_db
def test_page_rows_run_the_constructor_for_its_listeners(coordinator, lawyers):
    made = []

    def listener(sender, instance, **kwargs):
        made.append(instance)

    post_init.connect(listener, sender=Person)
    try:
        qs, terms = selectors.person_search(user=coordinator, q="юрист")
        rows = selectors.search_slice(qs, terms, 0, 20).rows
    finally:
        post_init.disconnect(listener, sender=Person)
    assert sorted(id(p) for p in rows) == sorted(id(p) for p in made)
    assert len(made) == 3
    assert [_described(p) for p in rows] == [_described(p) for p in qs]
