"""A large list is read for its preview by a child process (``importing.reader``): the
rows it sends are those this process reads, the preview and a re-import come out the
same whichever reads, and what stops the child (a refusal, an error, its death) ends the
reading with the reason."""

import datetime
import multiprocessing
import os

import orjson
import pytest
from django.core.exceptions import ValidationError

from tests.registry.factories import make_association
from zemlyaki.people.importing import reader
from zemlyaki.people.importing.reading import guess_mapping, stream_table
from zemlyaki.people.models import ImportRow
from zemlyaki.registry.services import association_add_leader

from .factories import committed, csv_bytes, imported, xlsx_bytes

# The reading asks the database which rows are unchanged (association 0: none are).
pytestmark = pytest.mark.django_db

HEADER = ["ФИО", "Дата рождения", "Телефон", "Эл. почта", "Член землячества с"]
ROWS = [
    HEADER,
    ["Иванов Иван Иванович", datetime.date(1980, 5, 1), "8 916 111-22-33", "", ""],
    ["Петрова Анна", "31.02.1990", "8 916 222-33-44", "", ""],  # no such date
    ["Сидоров Пётр", "", "8 916 333-44-55", "p@example.org", "01.01.2200"],  # since: future
    ["Иванов Иван Иванович", "01.05.1980", "", "", ""],  # repeats the first
    ["Кузнецов Олег", "", "8 916 333-44-55", "", ""],  # phone of a row in error
    ["", "", "", "", ""],
    ["Одинцова Мария", 29876, "+7 (916) 444-55-66", "M@Example.org", ""],
]


@pytest.fixture
def tambov(db, leader):
    association = make_association("Тамбовское землячество", ["68"])
    association_add_leader(actor=None, association=association, user=leader)
    return association


def _mapping(content, name):
    headers, _rows = stream_table(content, name)
    return guess_mapping(headers)


def _nothing_unchanged(hashes):
    return {}


@pytest.mark.parametrize("name", ["список.xlsx", "список.csv"])
def test_the_child_sends_the_rows_this_process_reads(settings, name):
    content = xlsx_bytes(ROWS) if name.endswith("xlsx") else csv_bytes(ROWS)
    mapping = _mapping(content, name)
    here = list(reader._read(content, name, mapping, 100, _nothing_unchanged))
    settings.ZEMLYAKI_IMPORT_READER_PROCESS_BYTES = 0
    there = list(reader.read_batches(content, name, mapping, association_id=0))
    assert there == orjson.loads(orjson.dumps(here))
    rows = {number: (data, errors, same) for batch in there for number, data, errors, same in batch}
    assert {n: errors for n, (_d, errors, _s) in rows.items()} == {
        2: [],
        3: ["Дата рождения: Такой даты нет: «31.02.1990»."],
        4: ["Дата вступления: Дата «01.01.2200» вне допустимых пределов."],
        5: ["Повтор строки 2."],
        6: [],
        8: [],
    }
    # A row in error keeps the texts of its cells; the others their hash.
    assert rows[5][0]["_raw"][:2] == ["Иванов Иван Иванович", "01.05.1980"]
    assert "_hash" in rows[6][0] and "_raw" not in rows[6][0]
    assert rows[8][0]["birth_date"] == "1981-10-17" and rows[8][0]["email"] == "m@example.org"


def test_the_child_knows_the_unchanged_rows_from_the_members_given_to_it(settings):
    content = csv_bytes(ROWS)
    mapping = _mapping(content, "список.csv")
    first = next(iter(reader._read(content, "список.csv", mapping, 100, _nothing_unchanged)))
    digest = first[0][1]["_hash"]
    settings.ZEMLYAKI_IMPORT_READER_PROCESS_BYTES = 0
    known = reader._known({digest: 77, "0" * 32: 78})
    rows = next(iter(reader._from_child(content, "список.csv", mapping, 100, known)))
    # Row 2 is unchanged for member 77: only its key fields; row 5 repeats it as before.
    assert rows[0] == [
        2,
        {
            "last_name": "Иванов",
            "first_name": "Иван",
            "patronymic": "Иванович",
            "birth_date": "1980-05-01",
            "phone": "+79161112233",
            "email": "",
            "_hash": digest,
        },
        [],
        77,
    ]
    assert [(n, errors, same) for n, _d, errors, same in rows[1:]] == [
        (3, ["Дата рождения: Такой даты нет: «31.02.1990»."], None),
        (4, ["Дата вступления: Дата «01.01.2200» вне допустимых пределов."], None),
        (5, ["Повтор строки 2."], None),
        (6, [], None),
        (8, [], None),
    ]


def test_a_large_list_previews_and_imports_again_the_same_through_the_child(
    settings,
    leader,
    tambov,  # noqa: F811
):
    content = xlsx_bytes(ROWS)

    def preview():
        member_import = imported(leader, tambov, content, file_name="список.xlsx")
        rows = [
            # A new row's person is an id taken ahead on PostgreSQL, different each time.
            (*row[:5], None if row[1] == "new" else row[5])
            for row in ImportRow.objects.filter(member_import=member_import)
            .order_by("number")
            .values_list("number", "status", "match_on", "messages", "data", "person_id")
        ]
        return member_import, rows

    first, here = preview()
    settings.ZEMLYAKI_IMPORT_READER_PROCESS_BYTES = 0
    second, there = preview()
    assert there == here
    assert [(n, s, m) for n, s, _o, m, _d, _p in there] == [
        (2, "new", []),
        (3, "error", ["Дата рождения: Такой даты нет: «31.02.1990»."]),
        (4, "error", ["Дата вступления: Дата «01.01.2200» вне допустимых пределов."]),
        (5, "error", ["Повтор строки 2."]),
        (6, "new", []),
        (8, "new", []),
    ]
    assert there[3][4]["_raw"] == ["Иванов Иван Иванович", "01.05.1980", "", "", ""]
    done = committed(leader, second)
    assert (done.status, done.created, done.errors) == ("done", 3, 3)
    # Again through the child: the applied rows are known by their hash, unchanged.
    again = imported(leader, tambov, content, file_name="список.xlsx")
    statuses = list(
        ImportRow.objects.filter(member_import=again)
        .order_by("number")
        .values_list("number", "status", "match_on")
    )
    assert statuses == [
        (2, "match", "unchanged"),
        (3, "error", ""),
        (4, "error", ""),
        (5, "error", ""),
        (6, "match", "unchanged"),
        (8, "match", "unchanged"),
    ]
    assert (first.status, again.status) == ("preview", "preview")


def test_a_refusal_in_the_child_comes_back_as_the_same_refusal(settings):
    content = csv_bytes(ROWS)
    mapping = _mapping(content, "список.csv")
    with pytest.raises(ValidationError) as here:
        list(reader._read(content, "список.csv", mapping, 3, _nothing_unchanged))
    settings.ZEMLYAKI_IMPORT_READER_PROCESS_BYTES = 0
    with pytest.raises(ValidationError) as there:
        list(reader.read_batches(content, "список.csv", mapping, 0, max_rows=3))
    assert there.value.message_dict == here.value.message_dict
    assert there.value.messages[0].startswith("В списке больше 3 строк с данными")


def test_an_error_or_the_death_of_the_child_ends_the_reading_with_the_reason(settings, monkeypatch):
    content = csv_bytes(ROWS)
    mapping = _mapping(content, "список.csv")
    settings.ZEMLYAKI_IMPORT_READER_PROCESS_BYTES = 0

    def broken(*args):
        raise KeyError("столбец")
        yield

    monkeypatch.setattr(reader, "_read", broken)  # the child is a copy of this process
    with pytest.raises(reader.ReadingFailed) as info:
        list(reader.read_batches(content, "список.csv", mapping, 0))
    assert str(info.value) == "KeyError: 'столбец'"

    def dying(*args):
        os._exit(3)
        yield

    monkeypatch.setattr(reader, "_read", dying)
    with pytest.raises(reader.ReadingFailed) as info:
        list(reader.read_batches(content, "список.csv", mapping, 0))
    assert str(info.value) == "процесс чтения файла завершился без ответа (код 3)"


def test_the_child_stops_when_the_preview_stops_early(settings):
    rows = [HEADER] + [[f"Участников Участник{n}", "", "", "", ""] for n in range(20_000)]
    content = csv_bytes(rows)
    settings.ZEMLYAKI_IMPORT_READER_PROCESS_BYTES = 0
    batches = reader.read_batches(content, "список.csv", _mapping(content, "список.csv"), 0)
    assert len(next(batches)) == 2000
    children = multiprocessing.active_children()
    assert [c.name for c in children] == ["member-list-reader"]
    batches.close()
    assert not children[0].is_alive() and multiprocessing.active_children() == []


def test_a_small_list_is_read_in_this_process(settings, monkeypatch):
    content = csv_bytes(ROWS)
    mapping = _mapping(content, "список.csv")
    monkeypatch.setattr(reader, "_from_child", None)  # would fail if called
    settings.ZEMLYAKI_IMPORT_READER_PROCESS_BYTES = len(content) + 1
    assert len(next(iter(reader.read_batches(content, "список.csv", mapping, 0)))) == 6
