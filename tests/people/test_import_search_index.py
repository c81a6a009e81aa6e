"""An import puts its new people into the search index by one statement after inserting
them (SQLite: the FTS5 insert trigger is set aside meanwhile); the index stays exactly in
step with the person table, and the trigger is back afterwards, also after a failure."""

import re

import pytest
from django.db import connection, transaction
from django.utils import timezone

from tests.registry.factories import make_association
from zemlyaki.people import selectors
from zemlyaki.people.bulk import index_after_insert, insert_rows, reserve_ids, stored_values
from zemlyaki.people.importing.writes import FTS_INSERT_TRIGGER
from zemlyaki.people.models import Person

from .factories import committed, imported, make_person, xlsx_bytes

ROWS = [
    ["ФИО", "Дата рождения", "Профессия", "Место работы", "Компетенции"],
    ["Звездочётов Пётр Ильич", "01.02.1970", "астроном", "Обсерватория", "Хирургия"],
    ["Садовникова Ольга", "03.04.1985", "агроном", "", "Разведение пчёл"],
    ["Белов Иван Петрович", "05.06.1990", "юрист", "ООО «Право»", ""],
]


def found(user, q):
    qs, terms = selectors.person_search(user=user, q=q)
    return sorted(p.last_name for p in selectors.search_slice(qs, terms, 0, 20).rows)


def trigger_sql() -> str | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = %s",
            [FTS_INSERT_TRIGGER],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def fts_consistent() -> bool:
    """The FTS5 index holds exactly the words of the person table: SQLite's own check,
    and the index's words compared with those of a copy built afresh from the table
    (the check alone does not compare an external-content index with its table)."""
    instance = "term, doc, col, offset"
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO people_person_fts(people_person_fts) VALUES ('integrity-check')"
        )
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'people_person_fts'")
        tokenize = re.search(r"tokenize\s*=\s*'[^']*'", cursor.fetchone()[0])[0]
        cursor.execute(
            f"CREATE VIRTUAL TABLE temp.fts_copy USING fts5(search_text, expertise_text, {tokenize})"
        )
        cursor.execute(
            "INSERT INTO temp.fts_copy(rowid, search_text, expertise_text)"
            " SELECT id, search_text, expertise_text FROM main.people_person"
        )
        cursor.execute(
            "CREATE VIRTUAL TABLE temp.fts_words USING fts5vocab(main, people_person_fts, instance)"
        )
        cursor.execute(
            "CREATE VIRTUAL TABLE temp.copy_words USING fts5vocab(temp, fts_copy, instance)"
        )
        differences = []
        for one, other in (("fts_words", "copy_words"), ("copy_words", "fts_words")):
            cursor.execute(
                f"SELECT {instance} FROM temp.{one} EXCEPT SELECT {instance} FROM temp.{other}"
            )
            differences += cursor.fetchall()
        cursor.execute("SELECT count(*) FROM temp.copy_words")
        words = cursor.fetchone()[0]
        for table in ("fts_words", "copy_words", "fts_copy"):
            cursor.execute(f"DROP TABLE temp.{table}")
    assert words > 0
    assert differences == []
    return True


@pytest.mark.django_db
def test_imported_people_are_found_and_index_consistent(coordinator):
    make_person("Агрономов", "Илья", "", occupation="агроном")
    before = trigger_sql() if connection.vendor == "sqlite" else None
    association = make_association("Тамбовское землячество", ["68"])
    member_import = imported(coordinator, association, xlsx_bytes(ROWS), file_name="список.xlsx")
    member_import = committed(coordinator, member_import)
    assert (member_import.created, member_import.errors) == (3, 0)
    assert found(coordinator, "астрономы") == ["Звездочётов"]
    assert found(coordinator, "агроном") == ["Агрономов", "Садовникова"]
    assert found(coordinator, "хирургия") == ["Звездочётов"]
    assert found(coordinator, "юристы право") == ["Белов"]
    if connection.vendor == "sqlite":
        assert fts_consistent()
        assert trigger_sql() == before
        # The trigger works again for a person added one by one.
        make_person("Звездочётова", "Анна", "", occupation="астроном")
        assert found(coordinator, "астроном") == ["Звездочётов", "Звездочётова"]
        assert fts_consistent()


@pytest.mark.django_db
def test_failed_bulk_insert_restores_trigger_and_index(coordinator):
    make_person("Агрономов", "Илья", "", occupation="агроном")
    before = trigger_sql() if connection.vendor == "sqlite" else None
    table = Person._meta.db_table
    with pytest.raises(RuntimeError), transaction.atomic():
        ids = reserve_ids(table, 2)
        values = stored_values(
            Person(
                last_name="Пчеловодов",
                first_name="Олег",
                search_text=" пчеловод ",
                created_at=timezone.now(),
                updated_at=timezone.now(),
            )
        )
        with index_after_insert(table, FTS_INSERT_TRIGGER, ids):
            insert_rows(table, list(values), [tuple({**values, "id": ids[0]}.values())])
            assert Person.objects.filter(pk=ids[0]).exists()
            raise RuntimeError("stop")
    assert list(Person.objects.values_list("last_name", flat=True)) == ["Агрономов"]
    if connection.vendor == "sqlite":
        assert trigger_sql() == before
        assert fts_consistent()
    make_person("Пчеловодов", "Олег", "", occupation="пчеловод")
    assert found(coordinator, "пчеловоды") == ["Пчеловодов"]
    if connection.vendor == "sqlite":
        assert fts_consistent()
