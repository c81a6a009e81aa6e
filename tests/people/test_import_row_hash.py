"""The hash of an imported row (``rows.row_hasher``) is the one earlier imports stored:
the BLAKE2b of ``json.dumps([(column, field, cell), …], sort_keys=True,
ensure_ascii=False, default=str)``, for any mapping and any cells the readers give
(texts with quotes, control characters and every script, numbers, dates, empty cells,
rows shorter than the mapping). A re-import recognises its unchanged rows by it."""

import datetime
import decimal
import hashlib
import json
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from zemlyaki.people.importing.rows import row_hash, row_hasher


def _reference(mapping: dict[str, str], cells: list[Any]) -> str:
    """The hash as the first version of the import computed it."""
    used = [(k, v, cells[int(k)] if int(k) < len(cells) else None) for k, v in mapping.items() if v]
    text = json.dumps(used, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


FIELDS = ["full_name", "last_name", "birth_date", "phone", "email", "role", "", "Фамилия «x»"]
cells = st.one_of(
    st.none(),
    st.text(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.datetimes(),
    st.dates(),
    st.times(),
    st.decimals(allow_nan=False, allow_infinity=False),
)
mappings = st.dictionaries(st.integers(0, 9).map(str), st.sampled_from(FIELDS), max_size=8)


@settings(max_examples=400, deadline=None)
@given(mapping=mappings, row=st.lists(cells, max_size=12))
@example(mapping={}, row=[])
@example(mapping={"0": "full_name", "3": "phone"}, row=['Иванов "Ваня"\n\t\x00\u2028', None])
@example(
    mapping={"0": "birth_date", "1": "phone", "2": "email"},
    row=[datetime.datetime(1980, 2, 1), 79160000001, 1.5e300],
)
@example(mapping={"0": "phone", "1": "email"}, row=[float("nan"), decimal.Decimal("1.10")])
def test_row_hash_is_the_stored_one(mapping, row):
    assert row_hasher(mapping)(row) == _reference(mapping, row)
    assert row_hash(mapping, row) == _reference(mapping, row)


class Label(str):
    """A text of another type (a reader could give one): encoded as the text it is."""


def test_a_text_of_another_type_hashes_as_its_text():
    mapping = {"0": "full_name"}
    assert row_hasher(mapping)([Label("Петров")]) == _reference(mapping, ["Петров"])
