"""Matching the rows of a list batch by batch while they are applied (``match_batch``, the
way of the writer's thread on PostgreSQL) finds for each row the same person, by the same
key, as matching all rows before anything is written (``prematch``)."""

import pytest
from django.db import connection

from tests.registry.factories import make_association
from zemlyaki.people.importing.prematch import match_batch, prematch
from zemlyaki.people.importing.rows import UNCHANGED, _row_batches
from zemlyaki.people.services import person_create
from zemlyaki.registry.services import association_add_leader

from .factories import csv_bytes, imported

ROWS = [
    ["ФИО", "Дата рождения", "Телефон", "Эл. почта"],
    ["Датов Денис Денисович", "01.02.1980", "", ""],  # name and birth date
    ["Новиков Никита", "", "8 916 000-00-02", ""],  # new
    ["Телефонов Тимур", "", "8 916 000-00-03", ""],  # phone
    ["Ошибкин Олег", "31.02.1980", "", ""],  # error: no such date
    ["Почтов Пётр", "", "", "Pochtov@Example.org"],  # e-mail
    ["Членов Чеслав", "", "", ""],  # name among the members
    ["Датов Денис Денисович", "02.02.1980", "", ""],  # same name, another birth date: new
    ["Чужой Член", "", "", ""],  # a member of another association only: new
]


@pytest.mark.django_db
def test_matching_batch_by_batch_finds_what_matching_all_first_finds(leader):
    tambov = make_association("Тамбовское землячество", ["68"])
    association_add_leader(actor=None, association=tambov, user=leader)
    other = make_association("Липецкое землячество", ["48"])
    people = {
        "date": {"last_name": "Датов", "first_name": "Денис", "patronymic": "Денисович",
                 "birth_date": "1980-02-01"},
        "phone": {"last_name": "Телефонов", "first_name": "Тимофей", "phone": "+79160000003"},
        "email": {"last_name": "Почтов", "first_name": "Павел", "email": "pochtov@example.org"},
    }  # fmt: skip
    pk = {key: person_create(actor=None, data=data).pk for key, data in people.items()}
    pk["member"] = person_create(
        actor=None, data={"last_name": "Членов", "first_name": "Чеслав"}, association=tambov
    ).pk
    person_create(actor=None, data={"last_name": "Чужой", "first_name": "Член"}, association=other)
    member_import = imported(leader, tambov, csv_bytes(ROWS))

    whole = prematch(member_import)
    assert whole.matched == {
        2: (pk["date"], "name_birth_date"),
        4: (pk["phone"], "phone"),
        6: (pk["email"], "email"),
        7: (pk["member"], "name_association"),
    }

    by_batch = prematch(member_import, by_batch=True)
    assert by_batch.matched == {}
    for batch in _row_batches(member_import, size=3, exclude={"match_on": UNCHANGED}):
        match_batch(batch, tambov.pk, by_batch, connection)
    assert by_batch.matched == whole.matched
