"""Fast inserts of many rows: COPY on PostgreSQL, multi-row INSERT elsewhere.

Used where the ORM's per-object work would dominate: list imports and synthetic data."""

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import orjson
from django.db import connection, transaction


def json_value(value: Any) -> str:
    """The JSON text of ``value`` as ``json.dumps(value, ensure_ascii=False)`` gives it,
    without the spaces, by orjson: several times faster than ``json`` over the data of an
    import's hundred thousand rows."""
    if not value and isinstance(value, dict | list):
        return "{}" if isinstance(value, dict) else "[]"
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


@dataclass(slots=True)
class Prepared:
    """Rows ready to be inserted into a table: on PostgreSQL the data of ``COPY`` itself,
    formatted by psycopg's own formatter (so that the statement only sends it); the
    rows as they are elsewhere."""

    table: str
    columns: list[str]
    rows: list[tuple[Any, ...]]
    data: bytes = b""


def prepare_rows(
    table: str, columns: list[str], rows: Iterable[tuple[Any, ...]], db: Any = None
) -> Prepared:
    """``rows`` ready for ``insert_prepared``, formatted with the adapters of ``db`` (a
    connection no other thread is using; the task's own unless given)."""
    rows = list(rows)
    if connection.vendor != "postgresql" or not rows:
        return Prepared(table, columns, rows)
    from psycopg._copy_base import format_row_text  # the C formatter COPY itself uses
    from psycopg.adapt import Transformer

    transformer = Transformer(psycopg_connection(db))
    data = bytearray()
    for row in rows:
        format_row_text(row, transformer, data)
    return Prepared(table, columns, rows, bytes(data))


def psycopg_connection(db: Any = None) -> Any:
    """The psycopg connection under ``db`` (the task's own connection unless given),
    opened if it was not yet: its adapters format values without a statement."""
    source = db or connection
    source.ensure_connection()
    return source.connection


def insert_prepared(prepared: Prepared) -> None:
    if not prepared.rows:
        return
    names = ", ".join(f'"{c}"' for c in prepared.columns)
    if connection.vendor == "postgresql":
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f'COPY "{prepared.table}" ({names}) FROM STDIN') as copy,  # type: ignore[attr-defined]  # psycopg 3 cursor under Django's wrapper
        ):
            copy.write(prepared.data)
        return
    # One prepared single-row INSERT run over all rows by sqlite3 itself: faster than
    # multi-row statements whose parameter lists Python has to build.
    placeholders = ", ".join(["%s"] * len(prepared.columns))
    with connection.cursor() as cursor:
        cursor.executemany(
            f'INSERT INTO "{prepared.table}" ({names}) VALUES ({placeholders})', prepared.rows
        )


def insert_rows(table: str, columns: list[str], rows: Iterable[tuple[Any, ...]]) -> None:
    insert_prepared(prepare_rows(table, columns, rows))


def pg_array(values: Iterable[Any]) -> str:
    """The text of a PostgreSQL array of ``values`` (integers, strings, None), for one
    parameter cast to the array's type (``%s::text[]``): built here, several times faster
    than psycopg's own dumping of a Python list, in Python, and than a list of hundreds
    of placeholders, which psycopg splits on every statement."""
    items = []
    for value in values:
        if value is None:
            items.append("NULL")
        elif isinstance(value, int):
            items.append(str(value))
        else:
            items.append('"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"')
    return "{" + ",".join(items) + "}"


def reserve_ids(table: str, count: int, db: Any = None) -> list[int]:
    """``count`` fresh primary keys of ``table``: from its sequence on PostgreSQL (through
    ``db`` when given: a sequence belongs to no transaction); on SQLite after the largest
    one (the write transaction holds the database lock)."""
    if count <= 0:
        return []
    with (db or connection).cursor() as cursor:
        if connection.vendor == "postgresql":
            # The sequence is looked up once (a subquery the planner keeps apart): looked
            # up for each value, it took nine times as long (100,000 ids: 0.28 s).
            cursor.execute(
                "SELECT nextval(q.s) FROM (SELECT pg_get_serial_sequence(%s, 'id')::regclass"
                " AS s OFFSET 0) AS q, generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f'SELECT COALESCE(MAX("id"), 0) FROM "{table}"')
        start = cursor.fetchone()[0] + 1
    return list(range(start, start + count))


def _converter(field: Any) -> Any:
    from django.db import models

    if isinstance(field, models.JSONField):
        return json_value
    if isinstance(field, models.FileField):
        return lambda value: value.name or ""
    if isinstance(field, models.DateTimeField) and connection.vendor != "postgresql":
        return connection.ops.adapt_datetimefield_value
    return None


def _memo(convert: Any) -> Any:
    """``convert`` remembering its last value: the timestamps of one insert are the same
    object in every row, converted once."""
    if convert is None:
        return None
    last: list[Any] = [object(), None]

    def converted(value: Any) -> Any:
        if value is not last[0]:
            last[0], last[1] = value, convert(value)
        return last[1]

    return converted


def stored_values(obj: Any) -> dict[str, Any]:
    """Column → value of a model instance as ``insert_models`` writes it (primary key
    included): the defaults of a model's rows, filled in once for many."""
    values = {}
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        convert = _converter(field)
        if convert is not None and value is not None:
            value = convert(value)
        values[field.column] = value
    return values


def insert_models(
    model: Any, objects: list[Any], *, with_pk: bool = False, extra: dict[str, Any] | None = None
) -> None:
    """Insert model instances as they are (no ``save()``, no signals, no auto fields):
    the caller fills timestamps and, with ``with_pk``, the primary keys. ``extra``:
    columns outside the model, with one value for every row."""
    fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
    more = tuple((extra or {}).values())
    plan = [(f.attname, _memo(_converter(f))) for f in fields]
    rows = []
    for obj in objects:
        values = []
        for attname, convert in plan:
            value = getattr(obj, attname)
            if convert is not None and value is not None:
                value = convert(value)
            values.append(value)
        rows.append((*values, *more))
    insert_rows(model._meta.db_table, [f.column for f in fields] + list(extra or {}), rows)


# The statement of an SQLite trigger that copies a new row into an index table:
# ``... BEGIN INSERT INTO <index>(<columns>) VALUES (new.<a>, new.<b>, ...); END``.
_COPY_TRIGGER = re.compile(
    r"\bBEGIN\s+INSERT\s+INTO\s+(?P<index>\w+)\s*\((?P<columns>[^)]*)\)\s*"
    r"VALUES\s*\((?P<values>[^)]*)\)\s*;\s*END\s*$",
    re.IGNORECASE | re.DOTALL,
)
_NEW_COLUMN = re.compile(r"^new\.(\w+)$", re.IGNORECASE)


def _copy_statement(trigger_sql: str, table: str) -> str | None:
    """The trigger's own INSERT run over a range of ids at once (``%s`` for the first
    and the last id); None when the trigger is not a plain copy of the new row."""
    found = _COPY_TRIGGER.search(trigger_sql)
    head = trigger_sql[: found.start()] if found else ""
    if found is None or not re.search(r"\bAFTER\s+INSERT\s+ON\b", head, re.IGNORECASE):
        return None
    if re.search(r"\bWHEN\b", head, re.IGNORECASE):
        return None  # a trigger that copies only some rows
    sources = []
    for value in found["values"].split(","):
        column = _NEW_COLUMN.match(value.strip())
        if column is None:
            return None
        sources.append(f'"{column[1]}"')
    return (
        f"INSERT INTO {found['index']}({found['columns']}) SELECT {', '.join(sources)}"
        f' FROM "{table}" WHERE "id" >= %s AND "id" <= %s'
    )


@contextmanager
def index_after_insert(table: str, trigger: str, ids: list[int]) -> Iterator[None]:
    """Rows with the ``ids`` inserted inside reach an SQLite index table (the FTS5 index
    of people) by one ``INSERT ... SELECT`` after them instead of one run of the insert
    ``trigger`` per row, several times faster. The trigger is dropped meanwhile and
    created again from its own stored SQL; all of it runs in a savepoint (DDL is
    transactional on SQLite), so on any failure the rollback brings the trigger back and
    leaves the index as it was. Elsewhere, or when the ids are not one unbroken range,
    or the trigger is not a plain copy of the new row, the trigger does its work."""
    statement = None
    if connection.vendor == "sqlite" and ids and max(ids) - min(ids) + 1 == len(ids):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT sql FROM sqlite_master"
                " WHERE type = 'trigger' AND name = %s AND tbl_name = %s",
                [trigger, table],
            )
            found = cursor.fetchone()
        trigger_sql = found[0] if found else ""
        statement = _copy_statement(trigger_sql, table) if trigger_sql else None
    if statement is None:
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'DROP TRIGGER "{trigger}"')
        yield
        cursor.execute(statement, [min(ids), max(ids)])
        cursor.execute(trigger_sql)


# The setting that tells the membership trigger of the search marks (migration 0020)
# that the statement's persons have their marks already.
MARKS_WRITTEN = "zemlyaki.membership_marks_written"


@contextmanager
def marks_written() -> Iterator[None]:
    """Memberships inserted inside belong to persons whose association marks their
    writer has already put in place (new persons of a list, one membership each): the
    trigger that would compute them again stands aside (PostgreSQL; nothing elsewhere).
    Only for the statements inside: the setting goes back to ``off`` after them, and a
    failure inside rolls it back with the transaction (or savepoint) it was set in."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, 'on', true)", [MARKS_WRITTEN])
    yield
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, 'off', true)", [MARKS_WRITTEN])


# The page cache of an SQLite connection while it writes a large list (in KiB, as the
# negative ``cache_size`` counts it). The default 2 MB holds a small part of the people
# table's indexes: each insert then goes to the operating system for index pages (a
# 100,000-row import inserted its people 1.5 times slower).
LARGE_CACHE_KIB = 64 * 1024


@contextmanager
def large_cache() -> Iterator[None]:
    """A larger page cache for this SQLite connection inside, the previous one after
    (it is freed with it); nothing elsewhere (PostgreSQL's buffers are the server's)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{LARGE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


# From this many rows written by one list, the tables' statistics are gathered again.
ANALYZE_FROM_ROWS = 5000


def refresh_statistics(tables: list[str], rows: int) -> None:
    """``ANALYZE`` the tables after a list wrote ``rows`` rows into them (PostgreSQL;
    SQLite plans by its indexes alone). Until autovacuum gets to them, the planner sees
    the tables as they were: a re-import of a 100,000-row list found its unchanged rows
    through the association index, reading every member for each 900 hashes (40 ms a
    query instead of 2), because it took the association for 246 members."""
    if connection.vendor != "postgresql" or rows < ANALYZE_FROM_ROWS:
        return
    names = ", ".join(connection.ops.quote_name(table) for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {names}")


def flush_search_index(rows: int) -> None:
    """Move the pending entries of the search's GIN index into the index after a bulk
    write of ``rows`` persons (PostgreSQL; from ``ANALYZE_FROM_ROWS``). Every search
    reads the whole pending list on each scan of the index (migration 0017 keeps it
    short); after a list import it is emptied at once instead of at the next vacuum."""
    if connection.vendor != "postgresql" or rows < ANALYZE_FROM_ROWS:
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT gin_clean_pending_list('people_person_search_document'::regclass)")
