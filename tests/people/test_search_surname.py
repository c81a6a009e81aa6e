"""A surname typed in the search finds that surname first: exactly, then as the start
of a surname, then the rest (patronymics Петрович/Петровна and the like)."""

import pytest

from tests.registry.factories import make_association
from zemlyaki.people import selectors

from .factories import make_person


@pytest.fixture
def petrovs(db):
    association = make_association("Тверское землячество", ["69"])
    people = [
        ("Абрамова", "Мария", "Петровна"),
        ("Бабкин", "Пётр", "Петрович"),
        ("Петровский", "Олег", "Ильич"),
        ("Петров", "Иван", "Сергеевич"),
        ("Аникин", "Пётр", "Петрович"),
        ("Петрова", "Анна", "Ивановна"),
        ("Сидоров", "Пётр", "Ильич"),
    ]
    return association, [
        make_person(last, first, patronymic, association=association)
        for last, first, patronymic in people
    ]


def _names(rows):
    return [f"{p.last_name} {p.first_name} {p.patronymic}" for p in rows]


EXPECTED = [
    "Петров Иван Сергеевич",  # the surname itself
    "Петрова Анна Ивановна",  # surnames starting with it
    "Петровский Олег Ильич",
    "Абрамова Мария Петровна",  # the rest, by name
    "Аникин Пётр Петрович",
    "Бабкин Пётр Петрович",
]


def test_expert_search_puts_the_surname_first(coordinator, petrovs):
    qs, _terms = selectors.person_search(user=coordinator, q="Петров")
    assert _names(qs) == EXPECTED
    page = selectors.search_page(qs, 1, per_page=20, terms=_terms)
    assert _names(page.object_list) == EXPECTED


def test_surname_with_given_name_and_in_any_case(coordinator, petrovs):
    qs, _terms = selectors.person_search(user=coordinator, q="ПЕТРОВА анна")
    assert _names(qs) == ["Петрова Анна Ивановна"]
    qs, _terms = selectors.person_search(user=coordinator, q="петров")
    assert _names(qs)[0] == "Петров Иван Сергеевич"


def test_member_list_search_puts_the_surname_first(petrovs):
    association, _people = petrovs
    rows = selectors.member_list(association=association, q="Петров")
    assert _names(m.person for m in rows) == EXPECTED
    by_date = selectors.member_list(association=association, q="Петров", sort="-since")
    assert len(list(by_date)) == len(EXPECTED)  # another order asked for is kept


def test_surname_first_past_the_count_limit(coordinator, petrovs, monkeypatch):
    """More matches than the search counts: the pages still put the surname first."""
    from zemlyaki.people import search

    monkeypatch.setattr(search, "SEARCH_COUNT_LIMIT", 2)
    qs, terms = selectors.person_search(user=coordinator, q="Петров")
    for offset in range(len(EXPECTED)):
        for limit in (1, 2, 4):
            found = selectors.search_slice(qs, terms, offset, limit)
            assert _names(found.rows) == EXPECTED[offset : offset + limit]
            assert (found.count, found.capped) == (2, True)
