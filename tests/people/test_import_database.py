"""What a member list import asks of the database itself: a larger SQLite page cache
while it applies, fresh planner statistics and an emptied pending list of the search index
after a large list (PostgreSQL), and the membership trigger of the search marks reading only the changed persons."""

import pytest
from django.db import connection

from tests.registry.factories import make_association
from zemlyaki.people import bulk
from zemlyaki.people.models import ImportRow, Membership, Person
from zemlyaki.registry.services import association_add_leader

from .factories import committed, csv_bytes, imported

HEADER = ["ФИО", "Дата рождения", "Телефон"]
ROWS = [
    HEADER,
    ["Петров Пётр Петрович", "01.02.1980", "8 916 000-00-01"],
    ["Сидорова Анна Ивановна", "", "8 916 000-00-02"],
    ["Кузнецов Игорь", "03.04.1975", ""],
]

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's planner and triggers"
)
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's page cache")


@pytest.fixture
def tambov(db, leader):
    association = make_association("Тамбовское землячество", ["68"])
    association_add_leader(actor=None, association=association, user=leader)
    return association


def _cache_size() -> int:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        return int(cursor.fetchone()[0])


@sqlite_only
@pytest.mark.django_db
def test_the_large_page_cache_is_given_back(leader, tambov):
    before = _cache_size()
    with bulk.large_cache():
        assert _cache_size() == -bulk.LARGE_CACHE_KIB
    assert _cache_size() == before
    done = committed(leader, imported(leader, tambov, csv_bytes(ROWS)))
    assert (done.status, done.created) == ("done", 3)
    assert _cache_size() == before


def _reltuples(table: str) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        return float(cursor.fetchone()[0])


@postgres_only
@pytest.mark.django_db
def test_a_large_list_leaves_fresh_statistics(monkeypatch, leader, tambov):
    tables = (ImportRow._meta.db_table, Person._meta.db_table, Membership._meta.db_table)
    monkeypatch.setattr(bulk, "ANALYZE_FROM_ROWS", 3)
    done = committed(leader, imported(leader, tambov, csv_bytes(ROWS)))
    assert (done.status, done.created) == ("done", 3)
    assert [_reltuples(t) for t in tables] == [3, 3, 3]


def _clean_pending_list() -> int:
    """Empties the search index's pending list and says how many pages it held."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT gin_clean_pending_list('people_person_search_document'::regclass)")
        return int(cursor.fetchone()[0])


@postgres_only
@pytest.mark.django_db
def test_the_search_index_keeps_a_short_pending_list():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reloptions FROM pg_class WHERE relname = 'people_person_search_document'"
        )
        assert cursor.fetchone()[0] == ["gin_pending_list_limit=256"]


@postgres_only
@pytest.mark.django_db
def test_a_large_list_empties_the_search_index_pending_list(monkeypatch, leader, tambov):
    _clean_pending_list()
    small = committed(leader, imported(leader, tambov, csv_bytes(ROWS[:3])))
    assert (small.status, small.created) == ("done", 2)
    assert _clean_pending_list() > 0  # a small list leaves its entries pending

    monkeypatch.setattr(bulk, "ANALYZE_FROM_ROWS", 3)
    other = make_association("Липецкое землячество", ["48"])
    association_add_leader(actor=None, association=other, user=leader)
    done = committed(leader, imported(leader, other, csv_bytes(ROWS)))
    assert (done.status, done.created, done.matched) == ("done", 1, 2)
    assert _clean_pending_list() == 0


@postgres_only
@pytest.mark.django_db
def test_a_small_list_leaves_the_statistics_to_autovacuum(leader, tambov):
    # ``reltuples`` is written in place: it outlives the rollback of another test.
    # Two rows: an analysis would leave 2, whatever another test left.
    before = _reltuples(ImportRow._meta.db_table)
    done = committed(leader, imported(leader, tambov, csv_bytes(ROWS[:3])))
    assert (done.status, done.created) == ("done", 2)
    assert _reltuples(ImportRow._meta.db_table) == before


@postgres_only
@pytest.mark.django_db
def test_the_marks_trigger_starts_from_the_changed_rows(leader, tambov):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_functiondef('people_membership_marks'::regproc)")
        definition = cursor.fetchone()[0]
    assert "p.id = ANY (ARRAY(SELECT DISTINCT person_id FROM changed))" in definition
    done = committed(leader, imported(leader, tambov, csv_bytes(ROWS)))
    assert done.created == 3
    other = make_association("Липецкое землячество", ["48"])
    petrov = Person.objects.get(last_name="Петров")
    Membership.objects.bulk_create([Membership(person=petrov, association=other)])
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_name, association_marks FROM people_person")
        marks = {name: set(value.split()) for name, value in cursor.fetchall()}
    assert marks == {
        "Петров": {f"~a{tambov.pk}", f"~a{other.pk}"},
        "Сидорова": {f"~a{tambov.pk}"},
        "Кузнецов": {f"~a{tambov.pk}"},
    }


def _marks() -> dict[str, set[str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_name, association_marks FROM people_person")
        return {name: set(value.split()) for name, value in cursor.fetchall()}


@postgres_only
@pytest.mark.django_db
def test_the_marks_trigger_stands_aside_only_for_the_memberships_of_new_persons(leader, tambov):
    other = make_association("Липецкое землячество", ["48"])
    orlov = Person.objects.create(last_name="Орлов", first_name="Олег")
    with bulk.marks_written():
        Membership.objects.bulk_create([Membership(person=orlov, association=tambov)])
    # The writer said it had put the marks in place: the trigger wrote nothing.
    assert _marks() == {"Орлов": set()}
    # After the statements inside, the trigger works again.
    Membership.objects.bulk_create([Membership(person=orlov, association=other)])
    assert _marks() == {"Орлов": {f"~a{tambov.pk}", f"~a{other.pk}"}}

    # A list: its new persons get their mark with their row, the person it matches (a
    # member of another association) from the trigger.
    petrov = Person.objects.create(
        last_name="Петров", first_name="Пётр", patronymic="Петрович", phone="+79160000001"
    )
    Membership.objects.bulk_create([Membership(person=petrov, association=other)])
    done = committed(leader, imported(leader, tambov, csv_bytes(ROWS)))
    assert (done.status, done.created, done.matched) == ("done", 2, 1)
    assert _marks() == {
        "Орлов": {f"~a{tambov.pk}", f"~a{other.pk}"},
        "Петров": {f"~a{tambov.pk}", f"~a{other.pk}"},
        "Сидорова": {f"~a{tambov.pk}"},
        "Кузнецов": {f"~a{tambov.pk}"},
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s, true)", [bulk.MARKS_WRITTEN])
        assert cursor.fetchone()[0] == "off"


@postgres_only
@pytest.mark.django_db
def test_import_rows_leave_room_on_their_pages_for_the_outcome():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reloptions FROM pg_class WHERE relname = %s", [ImportRow._meta.db_table]
        )
        assert cursor.fetchone()[0] == ["fillfactor=60"]
