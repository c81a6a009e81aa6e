"""The persons of one page of search results with their competencies, interests and
memberships read in the same query (each relation as a JSON array from a correlated
subquery over the page's rows only), instead of one more query for each relation.

The relations land where ``prefetch_related`` would put them, so ``person.competencies.all()``
and the like read them without a query. The statement is written once per shape of the
page (the columns read) as plain SQL with the page's ids as its one parameter, and its
rows become model instances without the ORM's per-row work."""

import datetime
import functools
import json
from collections.abc import Callable
from typing import Any

import orjson
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Model, QuerySet
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init
from django.db.models.sql import Query

from zemlyaki.core.models import Region
from zemlyaki.registry.models import Association

from .models import Competency, Interest, Membership, Person

_TERMS = {
    "competencies": ("people_person_competencies", "competency_id", "people_competency"),
    "interests": ("people_person_interests", "interest_id", "people_interest"),
}
_MEMBERSHIPS = (
    "SELECT m.id, m.association_id, m.role, m.since, m.until, a.name, a.short_name, a.slug"
    " FROM people_membership m JOIN registry_association a ON a.id = m.association_id"
    ' WHERE m.person_id = "people_person"."id"'
)


def _json_array(select: str, columns: str, order: str) -> str:
    """A correlated subquery: the rows of ``select`` as one JSON array of arrays, in
    ``order`` (the names of two columns)."""
    order = order.replace(", ", ", r.") if connection.vendor == "postgresql" else order
    if connection.vendor == "postgresql":
        return (
            f"(SELECT coalesce(json_agg(json_build_array({columns}) ORDER BY r.{order}),"
            f" '[]'::json) FROM ({select}) r)"
        )
    return (
        f"(SELECT json_group_array(json_array({columns}))"
        f" FROM (SELECT * FROM ({select}) ORDER BY {order}) r)"
    )


def _related_sql() -> dict[str, str]:
    out = {}
    for name, (link, column, table) in _TERMS.items():
        select = (
            f"SELECT t.id, t.name FROM {link} l JOIN {table} t ON t.id = l.{column}"
            ' WHERE l.person_id = "people_person"."id"'
        )
        out[f"_json_{name}"] = _json_array(select, "r.id, r.name", "name, id")
    out["_json_memberships"] = _json_array(
        _MEMBERSHIPS,
        "r.id, r.association_id, r.role, r.since, r.until, r.name, r.short_name, r.slug",
        "name, id",
    )
    return out


def _loads(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else orjson.loads(value)


@functools.cache
def _json_loader() -> Any:
    """psycopg's loader of the ``json`` type (the relations' arrays) with orjson, for the
    page's cursor only (``jsonb`` stays text, as Django reads it)."""
    from psycopg.types.json import JsonLoader

    class Loader(JsonLoader):
        _loads = staticmethod(orjson.loads)

    return Loader


def _loader(model: type[Model]) -> Callable[[str, list[str], Any], Any]:
    """``model.from_db`` for the rows of one page: without the constructor's work for
    each field (a row whose other fields are deferred takes its slow path), unless
    something listens to the constructor's signals; asked once a page, not a row."""
    if pre_init.has_listeners(model) or post_init.has_listeners(model):
        return model.from_db

    def loaded(alias: str, names: list[str], values: Any) -> Any:
        obj = _read(model, alias)
        obj.__dict__.update(zip(names, values, strict=True))
        return obj

    return loaded


def _read(model: type[Model], alias: str) -> Any:
    """An instance of ``model`` with nothing but the state of one read from ``alias``
    (what ``from_db`` sets): its attributes are the caller's to put."""
    obj = model.__new__(model)
    state = ModelState()
    state.adding, state.db = False, alias
    obj._state = state
    return obj


def _date(value: Any) -> datetime.date | None:
    return datetime.date.fromisoformat(value[:10]) if value else None


_BLANK: dict[type[Model], tuple[dict[str, Any], list[str]]] = {}


def _instance(model: type[Model], values: dict[str, Any], alias: str) -> Any:
    """What ``model(**values)`` gives for a row read from the database, without running
    the model's constructor for every related row: the attributes of one instance made
    with the defaults (mutable defaults copied), then ``values``."""
    if model not in _BLANK:
        blank = {k: v for k, v in model().__dict__.items() if k != "_state"}
        mutable = [k for k, v in blank.items() if isinstance(v, (list, dict, set))]
        _BLANK[model] = (blank, mutable)
    blank, mutable = _BLANK[model]
    obj = _read(model, alias)
    obj.__dict__.update(blank)
    for name in mutable:
        obj.__dict__[name] = type(blank[name])(blank[name])
    obj.__dict__.update(values)
    return obj


def _prefetched(person: Person, name: str, items: list[Any], query: Any) -> None:
    """Put ``items`` where ``prefetch_related(name)`` puts its results. The result sets
    share one ``query`` per relation (a new one for each would cost more than the rest
    of the page; filtering such a set clones its query, never changes it)."""
    qs: QuerySet[Any] = QuerySet(model=query.model, query=query)
    qs._result_cache = items
    qs._prefetch_done = True  # type: ignore[attr-defined]
    if not hasattr(person, "_prefetched_objects_cache"):
        person._prefetched_objects_cache = {}  # type: ignore[attr-defined]
    person._prefetched_objects_cache[name] = qs  # type: ignore[attr-defined]


Statement = tuple[str, str, list[str], list[str], list[tuple[int, list[Any], Any]]]
_STATEMENTS: dict[tuple[Any, ...], Statement] = {}


def _statement(qs: QuerySet[Person]) -> Statement:
    """The page's statement for the columns ``qs`` reads (its deferred fields, its home
    region when it selects it): its columns and its tables (the condition on the ids
    follows), the attribute names of the person's and of the region's columns in it,
    and the converters of the columns that have them (what the ORM applies to a value
    read); written once for each such shape."""
    deferred, defer = qs.query.deferred_loading
    related = qs.query.select_related
    with_region = related is True or (isinstance(related, dict) and "home_region" in related)
    key = (connection.vendor, frozenset(deferred), defer, with_region)
    if key not in _STATEMENTS:
        fields = [
            f
            for f in Person._meta.concrete_fields
            if f.primary_key or (f.attname not in deferred if defer else f.attname in deferred)
        ]
        regions = list(Region._meta.concrete_fields) if with_region else []
        columns = [f'"people_person"."{f.column}"' for f in fields]
        columns += [f'"core_region"."{f.column}"' for f in regions]
        columns += list(_related_sql().values())
        join = (
            ' LEFT OUTER JOIN "core_region" ON "people_person"."home_region_id" = "core_region"."id"'
            if with_region
            else ""
        )
        converters = []
        for i, col in enumerate(
            [f.get_col('"people_person"') for f in fields]
            + [f.get_col('"core_region"') for f in regions]
        ):
            found = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
            if found:
                converters.append((i, found, col))
        names = [f.attname for f in fields]
        _STATEMENTS[key] = (
            f"SELECT {', '.join(columns)}",
            f'FROM "people_person"{join}',
            names,
            [f.attname for f in regions],
            converters,
        )
    return _STATEMENTS[key]


def _persons(qs: QuerySet[Person], sql: str, params: list[Any]) -> list[Person]:
    """The persons of the rows of ``sql`` (``_statement``'s columns), in the rows'
    order, with their home region and relations in place."""
    _select, _tables, names, region_names, converters = _statement(qs)
    # the connection behind the proxy, which costs a lookup on every attribute read
    db = connections[DEFAULT_DB_ALIAS]
    alias = db.alias
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            cursor.cursor.adapters.register_loader("json", _json_loader())
        cursor.execute(sql, params)
        found = cursor.fetchall()
    width, regions = len(names), len(region_names)
    region_field = Person._meta.get_field("home_region")
    person_of, region_of = _loader(Person), _loader(Region)
    queries = {model: Query(model) for model in (Competency, Interest, Membership)}
    persons = []
    for row in found:
        if converters:
            row = list(row)
            for i, functions, col in converters:
                for function in functions:
                    row[i] = function(row[i], col, db)
        person = person_of(alias, names, row[:width])
        if regions:
            values = row[width : width + regions]
            region = region_of(alias, region_names, values)
            region_field.set_cached_value(person, region if values[0] is not None else None)
        competencies, interests, memberships = row[width + regions : width + regions + 3]
        persons.append(person)
        for name, model, items in (
            ("competencies", Competency, competencies),
            ("interests", Interest, interests),
        ):
            terms = [
                _instance(model, {"id": i, "name": label}, alias) for i, label in _loads(items)
            ]
            _prefetched(person, name, terms, queries[model])
        rows = []
        for i, association_id, role, since, until, name, short, slug in _loads(memberships):
            association = _instance(
                Association,
                {"id": association_id, "name": name, "short_name": short, "slug": slug},
                alias,
            )
            membership = _instance(
                Membership,
                {
                    "id": i,
                    "person_id": person.pk,
                    "association_id": association_id,
                    "role": role,
                    "since": _date(since),
                    "until": _date(until),
                },
                alias,
            )
            membership._state.fields_cache["association"] = association
            rows.append(membership)
        _prefetched(person, "memberships", rows, queries[Membership])
    return persons


def page_rows(qs: QuerySet[Person], ids: list[int]) -> list[Person]:
    """The persons ``ids`` (found by the conditions of ``qs``) in that order, with the
    columns of ``qs`` (and its home region when it selects it), and their competencies,
    interests and memberships (with the association) in the same query."""
    if not ids:
        return []
    select, tables, *_rest = _statement(qs)
    param: Any
    if connection.vendor == "postgresql":
        where, param = '"people_person"."id" = ANY(%s)', list(ids)
    else:
        where, param = '"people_person"."id" IN (SELECT value FROM json_each(%s))', json.dumps(ids)
    by_pk = {p.pk: p for p in _persons(qs, f"{select} {tables} WHERE {where}", [param])}
    return [by_pk[pk] for pk in ids if pk in by_pk]


def rows_of_ids(qs: QuerySet[Person], ids_sql: str, params: list[Any]) -> list[Person]:
    """``page_rows`` for the ids the statement ``ids_sql`` returns (its first column),
    in its order, read by the same statement: one round trip instead of two
    (PostgreSQL)."""
    select, tables, *_rest = _statement(qs)
    page = f"(SELECT i.pk, row_number() OVER () AS n FROM ({ids_sql}) i (pk)) page"
    sql = f'{select} {tables} JOIN {page} ON page.pk = "people_person"."id" ORDER BY page.n'
    return _persons(qs, sql, params)
