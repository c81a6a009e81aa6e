"""Matching rows with the people already known: by name and birth date, phone, e-mail,
or by name among the association's members."""

from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.utils.translation import gettext_lazy

from ..bulk import pg_array
from ..models import (
    Membership,
    Person,
)
from ..normalize import (
    match_name,
)

MATCH_LABELS = {
    "name_birth_date": gettext_lazy("ФИО и дата рождения"),
    "phone": gettext_lazy("телефон"),
    "email": gettext_lazy("электронная почта"),
    "name_association": gettext_lazy("ФИО среди членов землячества"),
    "unchanged": gettext_lazy("та же строка, что в прошлой загрузке"),
}


def _keys(data: dict[str, Any]) -> list[tuple[str, Any]]:
    name = match_name(data["last_name"], data["first_name"], data["patronymic"])
    keys: list[tuple[str, Any]] = []
    if data.get("birth_date"):
        keys.append(("name_birth_date", (name, data["birth_date"])))
    if data.get("phone"):
        keys.append(("phone", data["phone"]))
    if data.get("email"):
        keys.append(("email", data["email"]))
    if not keys:
        keys.append(("name", name))
    return keys


def _chunks(items: list[Any], size: int = 900) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _among(column: str, chunk: list[Any], db: Any) -> tuple[str, list[Any]]:
    """``column`` is one of the values: ``IN`` a list of placeholders, on PostgreSQL
    ``= ANY`` one array parameter (the same plan: PostgreSQL reads the list as that
    array; psycopg splits a statement of 900 placeholders at every run)."""
    if (db or connection).vendor == "postgresql":
        return f"{column} = ANY(%s::text[])", [pg_array(chunk)]
    return f"{column} IN ({', '.join(['%s'] * len(chunk))})", chunk


def _query(sql: str, params: list[Any], db: Any = None) -> list[tuple[Any, ...]]:
    with (db or connection).cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _iso(value: Any) -> str:
    """A date as the database gives it without the ORM: a string on SQLite."""
    return value if isinstance(value, str) else value.isoformat()


class Matcher:
    """Matches many rows against the database at once (a few queries per thousand rows)."""

    def __init__(self, rows: list[dict[str, Any]], association_id: int, db: Any = None) -> None:
        """``db``: the connection to ask (the task's own unless given)."""
        names = sorted({match_name(r["last_name"], r["first_name"], r["patronymic"]) for r in rows})
        phones = sorted({r["phone"] for r in rows if r.get("phone")})
        emails = sorted({r["email"] for r in rows if r.get("email")})
        self.by_name_date: dict[tuple[str, str], int] = {}
        self.by_phone: dict[str, int] = {}
        self.by_email: dict[str, int] = {}
        self.by_member_name: dict[str, int] = {}
        # Plain SQL: the ORM's work on the long IN lists costs more than the queries.
        # The rows come in descending id, so the person with the lowest id wins.
        person = Person._meta.db_table
        member = Membership._meta.db_table
        live = f'"{person}"."erased_at" IS NULL'
        order = f' ORDER BY "{person}"."id" DESC'
        for chunk in _chunks(names):
            among, values = _among(f'"{person}"."match_name"', chunk, db)
            for pk, name, birth in _query(
                f'SELECT "id", "match_name", "birth_date" FROM "{person}"'
                f" WHERE {live} AND {among}{order}",
                values,
                db,
            ):
                if birth:
                    self.by_name_date[(name, _iso(birth))] = pk
            for pk, name in _query(
                f'SELECT "{person}"."id", "{person}"."match_name" FROM "{person}"'
                f' INNER JOIN "{member}" ON "{member}"."person_id" = "{person}"."id"'
                f" WHERE {live} AND {among}"
                f' AND "{member}"."association_id" = %s{order}',
                [*values, association_id],
                db,
            ):
                self.by_member_name[name] = pk
        for chunk in _chunks(phones):
            among, values = _among('"phone"', chunk, db)
            for pk, phone in _query(
                f'SELECT "id", "phone" FROM "{person}" WHERE {live} AND {among}{order}',
                values,
                db,
            ):
                self.by_phone[phone] = pk
        for chunk in _chunks(emails):
            among, values = _among('"email"', chunk, db)
            for pk, email in _query(
                f'SELECT "id", "email" FROM "{person}" WHERE {live} AND {among}{order}',
                values,
                db,
            ):
                self.by_email[email.lower()] = pk

    def match(self, data: dict[str, Any]) -> tuple[int | None, str]:
        name = match_name(data["last_name"], data["first_name"], data["patronymic"])
        if data.get("birth_date") and (name, data["birth_date"]) in self.by_name_date:
            return self.by_name_date[(name, data["birth_date"])], "name_birth_date"
        if data.get("phone") and data["phone"] in self.by_phone:
            return self.by_phone[data["phone"]], "phone"
        if data.get("email") and data["email"] in self.by_email:
            return self.by_email[data["email"]], "email"
        if name in self.by_member_name:
            return self.by_member_name[name], "name_association"
        return None, ""
