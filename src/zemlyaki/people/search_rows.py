"""The persons of one page of search results with their competencies, interests and
memberships read in the same query (each relation as a JSON array from a correlated
subquery over the page's rows only), instead of one more query for each relation.

The relations land where ``prefetch_related`` would put them, so ``person.competencies.all()``
and the like read them without a query."""

import datetime
import json
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.sql import Query
from django.db.models.sql.where import WhereNode

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
    return value if isinstance(value, list) else json.loads(value)


def _date(value: Any) -> datetime.date | None:
    return datetime.date.fromisoformat(value[:10]) if value else None


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


def page_rows(qs: QuerySet[Person], ids: list[int]) -> list[Person]:
    """The persons ``ids`` (found by the conditions of ``qs``) in that order, with the
    columns and annotations of ``qs``, and their competencies, interests and
    memberships (with the association) in the same query."""
    if not ids:
        return []
    outer = qs.order_by().prefetch_related(None)
    outer.query.where = WhereNode()  # the ids carry every condition
    outer = outer.filter(pk__in=ids).annotate(
        **{alias: RawSQL(sql, []) for alias, sql in _related_sql().items()}
    )
    by_pk = {p.pk: p for p in outer}
    persons = [by_pk[pk] for pk in ids if pk in by_pk]
    queries = {model: Query(model) for model in (Competency, Interest, Membership)}
    for person in persons:
        for name, model in (("competencies", Competency), ("interests", Interest)):
            terms = [
                model(id=pk, name=label) for pk, label in _loads(getattr(person, f"_json_{name}"))
            ]
            _prefetched(person, name, terms, queries[model])
        memberships = []
        for pk, association_id, role, since, until, name, short, slug in _loads(
            person._json_memberships  # type: ignore[attr-defined]
        ):
            membership = Membership(
                id=pk,
                person_id=person.pk,
                association_id=association_id,
                role=role,
                since=_date(since),
                until=_date(until),
            )
            membership.association = Association(
                id=association_id, name=name, short_name=short, slug=slug
            )
            memberships.append(membership)
        _prefetched(person, "memberships", memberships, queries[Membership])
    return persons
