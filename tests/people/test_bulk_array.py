"""The text of a PostgreSQL array built by ``bulk.pg_array`` is read back by PostgreSQL as
the same values: quotes, backslashes, braces, commas, spaces, the word NULL, empty strings
and missing values included."""

import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from zemlyaki.people.bulk import pg_array

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the array literal of PostgreSQL"
)

# PostgreSQL text holds any character but NUL.
TEXT = st.text(alphabet=st.characters(blacklist_characters="\x00", codec="utf-8"), max_size=20)


def _read_back(values: list, cast: str) -> list:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT %s::{cast}", [pg_array(values)])
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_awkward_texts_come_back_as_they_were():
    values = ['a"b', "c\\d", "{e}", "f,g", " h ", "NULL", "", None, 'Петров \\"Пётр\\"', "\t\n"]
    assert _read_back(values, "text[]") == values


@pytest.mark.django_db
def test_integers_and_missing_values_come_back_as_they_were():
    assert _read_back([1, None, -7, 2**40], "bigint[]") == [1, None, -7, 2**40]
    assert _read_back([], "integer[]") == []


@pytest.mark.django_db
@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.none(), TEXT), max_size=8))
def test_any_texts_come_back_as_they_were(values):
    assert _read_back(values, "text[]") == values
