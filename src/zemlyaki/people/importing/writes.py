"""What a batch of applying writes: prepared by the task (the data of ``COPY``, the
statement of the rows' outcomes with its values), then sent by the writer
(``importing.writer``), which has little left to do in Python."""

import datetime
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from django.db import connection

from ..bulk import (
    Prepared,
    index_after_insert,
    insert_prepared,
    json_value,
    marks_written,
    pg_array,
    prepare_rows,
    psycopg_connection,
)
from ..models import Consent, ImportRow, MemberImport, Membership, Person, RowOutcome, RowStatus
from ..services import TermResolver
from .matching import _chunks
from .rows import _Row, _write_rows


@dataclass(slots=True)
class _Writes:
    """What applying collects for the bulk inserts at the end, and the terms resolved."""

    competencies: TermResolver
    interests: TermResolver
    now: datetime.datetime
    competency_links: list[tuple[int, int]] = dataclass_field(default_factory=list)
    interest_links: list[tuple[int, int]] = dataclass_field(default_factory=list)
    memberships: list[tuple[Any, ...]] = dataclass_field(default_factory=list)
    # The memberships of the new persons, whose association mark their row has already.
    new_memberships: list[tuple[Any, ...]] = dataclass_field(default_factory=list)
    hashes: list[tuple[str, int, int]] = dataclass_field(default_factory=list)
    consents: list[tuple[Any, ...]] = dataclass_field(default_factory=list)

    def terms(self, row: _Row) -> tuple[list[Any], list[Any]]:
        return (
            self.competencies.resolve(row.data.get("competencies") or []),
            self.interests.resolve(row.data.get("interests") or []),
        )


# The SQLite trigger that copies a new person into the FTS5 index (migration 0009).
FTS_INSERT_TRIGGER = "people_person_fts_insert"


def _insert_persons(persons: Prepared, ids: list[int]) -> None:
    # The FTS5 index of people (SQLite) gets the new rows by one statement after them.
    with index_after_insert(Person._meta.db_table, FTS_INSERT_TRIGGER, ids):
        insert_prepared(persons)


MEMBERSHIP_COLUMNS = ["person_id", "association_id", "role", "since", "import_hash"]
CONSENT_COLUMNS = ["person_id", "purpose", "form", "given_on", "recorded_by_id", "recorded_at"]


@dataclass(slots=True)
class _Links:
    """A batch's memberships, links and consents, ready for the writer."""

    hashes: list[tuple[str, int, int]]
    tables: list[Prepared]
    # The memberships of the new persons: their marks are in place (``marks_written``).
    new_memberships: Prepared


def _links(writes: _Writes, db: Any = None) -> _Links:
    """The batch's links, formatted through ``db`` (the task's second connection: the
    writer's thread is using the first)."""
    return _Links(
        writes.hashes,
        [
            prepare_rows(Membership._meta.db_table, MEMBERSHIP_COLUMNS, writes.memberships, db),
            prepare_rows(
                Person.competencies.through._meta.db_table,
                ["person_id", "competency_id"],
                writes.competency_links,
                db,
            ),
            prepare_rows(
                Person.interests.through._meta.db_table,
                ["person_id", "interest_id"],
                writes.interest_links,
                db,
            ),
            prepare_rows(Consent._meta.db_table, CONSENT_COLUMNS, writes.consents, db),
        ],
        prepare_rows(Membership._meta.db_table, MEMBERSHIP_COLUMNS, writes.new_memberships, db),
    )


def _insert_links(links: _Links) -> None:
    if links.hashes:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {Membership._meta.db_table} SET import_hash = %s"
                " WHERE association_id = %s AND person_id = %s",
                links.hashes,
            )
    if links.new_memberships.rows:
        with marks_written():
            insert_prepared(links.new_memberships)
    for prepared in links.tables:
        insert_prepared(prepared)


@dataclass(slots=True)
class _Outcomes:
    """What a batch writes into its rows, ready for the writer."""

    member_import: MemberImport
    error_range: tuple[int, int] | None
    demoted: list[int]
    rewritten: list[_Row]
    # PostgreSQL: the whole statement, its values in it; SQLite: the values.
    statement: str
    values: list[tuple[Any, ...]]


def _outcomes(
    member_import: MemberImport,
    rows: list[_Row],
    error_rows: list[_Row],
    demoted: list[int],
    db: Any = None,
) -> _Outcomes:
    """The batch's rows get their outcome, their data left as the preview wrote it: the
    error ones in one update (they are in file order), the others by one statement on
    PostgreSQL (``UPDATE … FROM unnest(…)``) and one prepared update run over all of them
    on SQLite. The rows the preview took for unchanged but whose member changed since
    were read again: they are written anew."""
    table = ImportRow._meta.db_table
    again = set(demoted)
    outcomes = _Outcomes(
        member_import,
        (error_rows[0].number, error_rows[-1].number) if error_rows else None,
        demoted,
        [r for r in rows if r.number in again],
        "",
        [],
    )
    values = [
        (r.number, r.match_on, r.person_id, r.outcome, json_value(r.undo), r.id)
        for r in rows
        if r.number not in again
    ]
    if not values:
        return outcomes
    if connection.vendor != "postgresql":
        # By the primary key: the row itself, without a search of the order index.
        outcomes.statement = (
            f'UPDATE "{table}" SET "match_on" = %s, "person_id" = %s, "outcome" = %s,'
            ' "undo" = %s WHERE "id" = %s'
        )
        outcomes.values = [(m, p, o, u, pk) for _n, m, p, o, u, pk in values]
        return outcomes
    from psycopg import ClientCursor

    numbers, match_on, person_ids, states, undo, _ids = (list(c) for c in zip(*values, strict=True))
    # The values are put into the statement here, so that the writer only sends it.
    # Formatted through ``db``, a connection no other thread is using.
    outcomes.statement = ClientCursor(psycopg_connection(db)).mogrify(
        f'UPDATE "{table}" AS r SET "match_on" = v.match_on, "person_id" = v.person_id,'
        ' "outcome" = v.outcome, "undo" = v.undo::jsonb'
        " FROM unnest(%s::integer[], %s::text[], %s::bigint[], %s::text[], %s::text[])"
        " AS v(number, match_on, person_id, outcome, undo)"
        ' WHERE r."member_import_id" = %s AND r."number" = v.number'
        # The batch's range bounds the rows read whatever the plan: the statistics do
        # not know the rows the preview has just written.
        ' AND r."number" BETWEEN %s AND %s',
        [
            *(pg_array(c) for c in (numbers, match_on, person_ids, states, undo)),
            member_import.pk,
            min(numbers),
            max(numbers),
        ],
    )
    return outcomes


def _write_outcomes(outcomes: _Outcomes) -> None:
    member_import = outcomes.member_import
    if outcomes.error_range:
        first, last = outcomes.error_range
        member_import.rows.filter(
            number__gte=first, number__lte=last, status=RowStatus.ERROR
        ).update(outcome=RowOutcome.ERROR)
    if outcomes.demoted:
        for chunk in _chunks(outcomes.demoted):
            member_import.rows.filter(number__in=chunk).delete()
        _write_rows(member_import, outcomes.rewritten)
    if not outcomes.statement:
        return
    with connection.cursor() as cursor:
        if outcomes.values:
            cursor.executemany(outcomes.statement, outcomes.values)
        else:
            cursor.execute(outcomes.statement)  # its values are in it: no parameters
