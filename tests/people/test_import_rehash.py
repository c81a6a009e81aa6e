"""A re-import skips the rows unchanged since the last import (by the row's hash kept on
the membership), and still applies the changed ones."""

import pytest

from tests.registry.factories import make_association
from zemlyaki.people.models import MemberImport, Membership, Person

from .factories import committed, imported, undone, xlsx_bytes

HEADER = ["ФИО", "Дата рождения", "Телефон", "Профессия"]
ROWS = [
    ["Ёлкин Пётр Семёнович", "31.12.1980", "8 916 123-45-67", "юрист"],
    ["Сидорова Анна", "12.03.1985", "", "врач"],
    ["Белова Мария Петровна", "05.06.1990", "+7 903 000 11 22", "агроном"],
]


def run(actor, association, rows, on_match="update"):
    member_import = imported(
        actor, association, xlsx_bytes([HEADER, *rows]), file_name="список.xlsx"
    )
    preview = MemberImport.objects.get(pk=member_import.pk)
    return preview, committed(actor, member_import, on_match)


@pytest.mark.django_db
def test_unchanged_rows_are_skipped_changed_ones_applied(coordinator):
    tambov = make_association("Тамбовское землячество", ["68"])
    _preview, first = run(coordinator, tambov, ROWS)
    assert (first.created, first.matched) == (3, 0)
    assert Membership.objects.exclude(import_hash="").count() == 3

    changed = [ROWS[0], ROWS[1], [*ROWS[2][:3], "пчеловод"]]
    preview, again = run(coordinator, tambov, changed)
    by_number = {r.number: r for r in preview.rows.all()}
    assert [by_number[n].match_on for n in (2, 3, 4)] == [
        "unchanged",
        "unchanged",
        "name_birth_date",
    ]
    assert (again.created, again.matched, again.updated) == (0, 3, 1)
    outcomes = dict(again.rows.values_list("number", "outcome"))
    assert outcomes == {2: "unchanged", 3: "unchanged", 4: "updated"}
    assert Person.objects.get(last_name="Белова").occupation == "пчеловод"
    assert Person.objects.count() == 3

    # The next import of the changed file finds all three unchanged.
    preview, third = run(coordinator, tambov, changed)
    assert set(preview.rows.values_list("match_on", flat=True)) == {"unchanged"}

    # Undone, the import's rows are no longer taken for done.
    assert undone(coordinator, third).status == "undone"
    assert undone(coordinator, again).status == "undone"
    assert Membership.objects.filter(person__last_name="Белова").get().import_hash == ""
    preview, _fourth = run(coordinator, tambov, changed)
    assert dict(preview.rows.values_list("number", "match_on"))[4] == "name_birth_date"


@pytest.mark.django_db
def test_a_member_edited_since_the_preview_is_matched_again(coordinator):
    tambov = make_association("Тамбовское землячество", ["68"])
    run(coordinator, tambov, ROWS)
    preview = imported(coordinator, tambov, xlsx_bytes([HEADER, *ROWS]), file_name="список.xlsx")
    Membership.objects.filter(person__last_name="Сидорова").update(import_hash="")
    done = committed(coordinator, preview, "update")
    outcomes = dict(done.rows.values_list("number", "outcome"))
    assert outcomes == {2: "unchanged", 3: "unchanged", 4: "unchanged"}
    assert done.rows.get(number=3).match_on == "name_birth_date"
    assert Membership.objects.filter(person__last_name="Сидорова").get().import_hash != ""


@pytest.mark.django_db
@pytest.mark.parametrize("reader_process", [False, True], ids=["in-process", "reader-process"])
def test_an_erased_member_is_never_unchanged(coordinator, settings, reader_process):
    """The member whose data were erased keeps the membership and its hash, but a row
    of the same person is read again (and matched to no one: the data are gone);
    whether the hashes are asked a batch at a time or given to the reading process."""
    from zemlyaki.people.services import person_erase

    settings.ZEMLYAKI_IMPORT_READER_PROCESS_BYTES = 0 if reader_process else 10**9
    tambov = make_association("Тамбовское землячество", ["68"])
    run(coordinator, tambov, ROWS)
    sidorova = Person.objects.get(last_name="Сидорова")
    person_erase(actor=None, person=sidorova)
    assert Membership.objects.get(person=sidorova).import_hash != ""

    preview = imported(coordinator, tambov, xlsx_bytes([HEADER, *ROWS]), file_name="список.xlsx")
    assert dict(preview.rows.values_list("number", "match_on")) == {
        2: "unchanged",
        3: "",
        4: "unchanged",
    }
    # Applied, the row makes a new person: nobody is known by the erased data.
    done = committed(coordinator, preview, "update")
    assert (done.created, done.matched) == (1, 2)
