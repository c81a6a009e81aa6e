"""Fast inserts of many rows: COPY on PostgreSQL, multi-row INSERT elsewhere.

Used where the ORM's per-object work would dominate: list imports and synthetic data."""

import json
from collections.abc import Iterable
from typing import Any

from django.db import connection

_ENCODER = json.JSONEncoder(ensure_ascii=False)


def json_value(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False)``, with one encoder for all calls (dumps
    builds a new one each time it is given options)."""
    if not value and isinstance(value, dict | list):
        return "{}" if isinstance(value, dict) else "[]"
    return _ENCODER.encode(value)


def insert_rows(table: str, columns: list[str], rows: Iterable[tuple[Any, ...]]) -> None:
    rows = list(rows)
    if not rows:
        return
    names = ", ".join(f'"{c}"' for c in columns)
    if connection.vendor == "postgresql":
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy,  # type: ignore[attr-defined]  # psycopg 3 cursor under Django's wrapper
        ):
            for row in rows:
                copy.write_row(row)
        return
    # One prepared single-row INSERT run over all rows by sqlite3 itself: faster than
    # multi-row statements whose parameter lists Python has to build.
    placeholders = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({placeholders})', rows)


def reserve_ids(table: str, count: int) -> list[int]:
    """``count`` fresh primary keys of ``table``: from its sequence on PostgreSQL; on SQLite
    after the largest one (the write transaction holds the database lock)."""
    if count <= 0:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
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
