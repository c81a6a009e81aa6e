"""The rows of an import as they are worked on: loaded, written in bulk, and built
into the preview (parsed, checked for repeats, matched)."""

import hashlib
import json
import operator
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

import orjson
from django.db import connection, transaction

from ..bulk import insert_rows, json_value, reserve_ids
from ..models import (
    ImportRow,
    MemberImport,
    Membership,
    Person,
    RowOutcome,
    RowStatus,
)
from .matching import Matcher, _chunks


@dataclass(slots=True)
class _Row:
    """A row of an import while it is worked on (lighter than a model instance)."""

    number: int
    data: dict[str, Any]
    status: str
    match_on: str = ""
    messages: list[str] = dataclass_field(default_factory=list)
    person_id: int | None = None
    outcome: str = ""
    undo: dict[str, Any] = dataclass_field(default_factory=dict)
    # The primary key of a row read from the database (0 until it is written).
    id: int = 0


# The columns the preview writes (the id comes from the database), and the fields read
# back, in the order ``_raw`` takes them.
ROW_COLUMNS = [
    "member_import_id", "number", "data", "status", "match_on", "messages", "person_id",
    "outcome", "undo",
]  # fmt: skip
ROW_FIELDS = (*ROW_COLUMNS[1:], "id")


def _load_rows(member_import: MemberImport, db: Any = None, **filters: Any) -> list[_Row]:
    rows: list[_Row] = []
    for batch in _row_batches(member_import, db=db, **filters):
        rows += batch
    return rows


def _row_batches(
    member_import: MemberImport,
    size: int = 0,
    exclude: dict[str, Any] | None = None,
    db: Any = None,
    **filters: Any,
) -> Iterator[list[_Row]]:
    """The import's rows in the order of the file, ``size`` (``BATCH``) at a time: one
    query per batch, the next one starting after the last number (memory stays flat).
    The JSON columns are decoded here, without the ORM's per-value converters. ``db``:
    the connection to read through (the task's own unless given)."""
    size = size or BATCH
    qs = member_import.rows.filter(**filters).exclude(**(exclude or {})).order_by("number")
    after = 0
    while True:
        values = _raw(qs.filter(number__gt=after)[:size], db)
        if not values:
            return
        yield values
        after = values[-1].number
        if len(values) < size:
            return


def _raw(qs: Any, db: Any = None) -> list[_Row]:
    """The rows of ``qs`` as ``_Row``, its JSON columns decoded by orjson (several times
    faster than ``json.loads``, same values); read through ``db`` when given."""
    sql, params = qs.values_list(*ROW_FIELDS).query.sql_with_params()
    loads = orjson.loads
    out: list[_Row] = []
    with (db or connection).cursor() as cursor:
        cursor.execute(sql, params)
        for number, data, status, match_on, messages, person_id, outcome, undo, pk in cursor:
            out.append(
                _Row(
                    number,
                    data if isinstance(data, dict) else loads(data),
                    status,
                    match_on,
                    # Most rows have no messages and no undo yet: no decoding for them.
                    [] if messages in ("[]", []) else _decoded(messages, loads),
                    person_id,
                    outcome,
                    {} if undo in ("{}", {}) else _decoded(undo, loads),
                    pk,
                )
            )
    return out


def _decoded(value: Any, loads: Callable[[str], Any]) -> Any:
    return value if isinstance(value, dict | list) else loads(value)


def _write_rows(member_import: MemberImport, rows: list[_Row]) -> None:
    insert_rows(
        ImportRow._meta.db_table,
        ROW_COLUMNS,
        (
            (
                member_import.pk, r.number, json_value(r.data), r.status, r.match_on,
                json_value(r.messages), r.person_id, r.outcome, json_value(r.undo),
            )
            for r in rows
        ),
    )  # fmt: skip


# Rows are read, checked, matched and written this many at a time: the memory a preview
# takes does not grow with the file.
BATCH = 2000
UNCHANGED = "unchanged"
KEY_FIELDS = ("full_name", "last_name", "first_name", "patronymic", "birth_date", "phone", "email")


def row_hash(mapping: dict[str, str], cells: list[Any]) -> str:
    """The fingerprint of a row as the file gives it, with the column mapping that reads
    it: the same row of a later file under the same mapping has the same, and is known
    without reading it again."""
    return row_hasher(mapping)(cells)


# ``json.dumps(..., sort_keys=True, ensure_ascii=False, default=str)`` with one encoder.
_HASH_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=str)
# How that encoder writes a text (``ensure_ascii=False``).
_HASH_TEXT: Callable[[str], str] = json.encoder.encode_basestring  # type: ignore[attr-defined]


def row_hasher(mapping: dict[str, str]) -> Callable[[list[Any]], str]:
    """``row_hash`` under one mapping, the mapping's columns worked out once.

    The hashed text is ``_HASH_ENCODER.encode([(column, field, cell), …])`` (the hashes
    stored by earlier imports were made of it), written here with the JSON of each
    column's ``[column, field, `` worked out once and each cell encoded alone: a text or
    an empty cell directly, anything else by the same encoder; the same text at half
    the cost of encoding the whole list for every row."""
    used = [(k, v, int(k)) for k, v in mapping.items() if v]
    if not used:
        empty = hashlib.blake2b(b"[]", digest_size=16).hexdigest()
        return lambda cells: empty
    heads = [f"[{_HASH_TEXT(k)}, {_HASH_TEXT(v)}, " for k, v, _i in used]
    positions = [i for _k, _v, i in used]
    width = max(positions) + 1
    pick = operator.itemgetter(*positions)
    single = len(positions) == 1
    encode, text_of, blake2b = _HASH_ENCODER.encode, _HASH_TEXT, hashlib.blake2b

    def digest(cells: list[Any]) -> str:
        if len(cells) >= width:
            row = (pick(cells),) if single else pick(cells)
        else:
            row = tuple(cells[i] if i < len(cells) else None for i in positions)
        text = "], ".join(
            [
                head + (text_of(c) if type(c) is str else "null" if c is None else encode(c))
                for head, c in zip(heads, row, strict=True)
            ]
        )
        return blake2b(f"[{text}]]".encode(), digest_size=16).hexdigest()

    return digest


def _member_hashes(association_id: int, condition: str, params: list[Any]) -> dict[str, int]:
    """Import hash → member, for the association's members not erased whose hash meets
    ``condition`` (on ``h``, the hash column): the one query both lookups below run."""
    member, person = Membership._meta.db_table, Person._meta.db_table
    hash_column = f'"{member}"."import_hash"'
    # The erased are few and indexed apart (``people_person_erased``): a join would look
    # up the person of every member (half the time of a re-import's snapshot on SQLite).
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT {hash_column}, "{member}"."person_id" FROM "{member}"'
            f' WHERE "{member}"."association_id" = %s AND {condition.format(h=hash_column)}'
            f' AND "{member}"."person_id" NOT IN'
            f' (SELECT "id" FROM "{person}" WHERE "erased_at" IS NOT NULL)',
            [association_id, *params],
        )
        return dict(cursor.fetchall())


def unchanged_members(association_id: int, hashes: list[str]) -> dict[str, int]:
    """Of ``hashes``, those of rows last imported for a member of the association, with
    that member (``Membership.import_hash``): rows a re-import has nothing to do for."""
    found: dict[str, int] = {}
    # Plain SQL: the ORM's work on the long IN list costs more than the query.
    for chunk in _chunks(sorted(set(hashes))):
        marks = ", ".join(["%s"] * len(chunk))
        found.update(_member_hashes(association_id, f"{{h}} IN ({marks})", chunk))
    return found


def unchanged_snapshot(association_id: int) -> dict[str, int]:
    """``unchanged_members`` for every hash at once: the import hash of each member of
    the association (one query; for a reading that cannot ask the database itself)."""
    return _member_hashes(association_id, "{h} <> %s", [""])


def _batches(items: Iterable[Any], size: int = BATCH) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _build_rows(
    member_import: MemberImport,
    batches: Iterable[list[Any]],
    progress: Callable[[int], None] | None = None,
) -> None:
    """The preview, a batch at a time as the file is read (``reader.read_batches``: each
    row read, recognised as unchanged since the last import by its hash or parsed and
    checked for repeats, by a process of its own for a large file): the rows to match
    are matched, and each batch is written in a transaction of its own; ``progress`` is
    told how many rows are done after it."""
    member_import.rows.all().delete()
    counts = {RowStatus.NEW: 0, RowStatus.MATCH: 0, RowStatus.ERROR: 0}
    for batch in batches:
        matcher = Matcher(
            [data for _n, data, errors, same in batch if not errors and same is None],
            member_import.association_id,
        )
        objects: list[_Row] = []
        for number, data, errors, same in batch:
            if same is not None:
                # Its outcome is known now: applying has nothing to write for it (a row
                # whose member changes before then is read again and written anew).
                objects.append(
                    _Row(number, data, RowStatus.MATCH, UNCHANGED, [], same, RowOutcome.UNCHANGED)
                )
            elif errors:
                objects.append(_Row(number, data, RowStatus.ERROR, "", errors, None))
            else:
                person_id, match_on = matcher.match(data)
                status = RowStatus.MATCH if person_id else RowStatus.NEW
                objects.append(_Row(number, data, status, match_on, [], person_id))
            counts[objects[-1].status] += 1  # type: ignore[index]
        _reserve_person_ids(objects)
        with transaction.atomic():
            _write_rows(member_import, objects)
        if progress is not None:
            progress(sum(counts.values()))
    member_import.total = sum(counts.values())
    member_import.preview_new = counts[RowStatus.NEW]
    member_import.preview_matched = counts[RowStatus.MATCH]
    member_import.preview_errors = counts[RowStatus.ERROR]


def _reserve_person_ids(rows: list[_Row]) -> None:
    """On PostgreSQL each new row is given now the id its person will get, from the
    people's sequence (which no transaction holds): applying then writes the row's
    outcome without changing its person, an indexed column, and the row's new version
    stays on its page with no index touched (a HOT update, migration 0021). Until the
    list is applied the id names no one: the import's page and API show a new row's
    person only once it has an outcome. SQLite has no sequence to take ids from ahead:
    there applying takes them."""
    if connection.vendor != "postgresql":
        return
    new = [row for row in rows if row.status == RowStatus.NEW]
    for row, pk in zip(new, reserve_ids(Person._meta.db_table, len(new)), strict=True):
        row.person_id = pk


def reserved_id(row: _Row) -> int | None:
    """The id the preview took ahead for the person of a new row, if it did."""
    return row.person_id if row.status == RowStatus.NEW else None
