"""Applying a confirmed import in the background: all rows written in one transaction."""

import datetime
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from django.db import connection, transaction
from django.db.models.fields.json import KT
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.core.progress import progress_update
from zemlyaki.core.services import AuditAction, audit_record, model_snapshot
from zemlyaki.core.text import lemma, words

from ..bulk import (
    flush_search_index,
    large_cache,
    prepare_rows,
    refresh_statistics,
    reserve_ids,
    stored_values,
)
from ..models import (
    Competency,
    ConsentForm,
    ImportRow,
    ImportStatus,
    Interest,
    MemberImport,
    Membership,
    MembershipRole,
    OnMatch,
    Person,
    RowOutcome,
    RowStatus,
)
from ..normalize import (
    match_name,
)
from ..services import DEFAULT_PURPOSE, TermResolver, apply_fields, person_texts, texts_of
from .background import failure_recorded
from .matching import _chunks
from .prematch import Prematch, match_batch, prematch
from .rows import UNCHANGED, _load_rows, _Row, _row_batches, reserved_id
from .writer import Writer, concurrent_writes, reader
from .writes import _insert_links, _insert_persons, _links, _outcomes, _write_outcomes, _Writes

BATCH = 2000
logger = logging.getLogger(__name__)


def _progress(member_import: MemberImport, processed: int) -> None:
    progress_update(MemberImport, member_import.pk, processed=processed)


def import_apply(*, import_id: int, actor_id: int | None) -> MemberImport:
    """The body of the background task: warm up the word forms with visible progress,
    then write everything in one transaction, a batch of rows at a time."""
    from django.contrib.auth import get_user_model

    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    member_import = MemberImport.objects.get(pk=import_id)
    if member_import.status != ImportStatus.QUEUED:
        return member_import
    progress_update(MemberImport, import_id, status=ImportStatus.RUNNING)
    with failure_recorded(import_id, "Applying"), large_cache():
        _warm_up(member_import)
        concurrent = concurrent_writes()
        with transaction.atomic():
            member_import = MemberImport.objects.select_for_update().get(pk=import_id)
            written = _apply(member_import, actor, concurrent)
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                instance=member_import,
                after=model_snapshot(
                    member_import, ["status", "on_match", "created", "matched", "updated", "errors"]
                ),
                comment=_("загрузка применена"),
            )
    # What applying wrote, for the plans of the next list (a re-import, say). The rows of
    # the import were analysed after the preview; their outcomes change no plan.
    refresh_statistics([Person._meta.db_table, Membership._meta.db_table], written)
    flush_search_index(written)
    member_import.refresh_from_db()
    return member_import


LEMMA_FIELDS = ("last_name", "first_name", "patronymic", "occupation", "workplace")


def _warm_up(member_import: MemberImport) -> None:
    """Lemmas are the slow part of new words: compute them first, outside the
    transaction, saving the progress as we go (up to half of the rows). Only the texts
    are read, taken out of the rows' JSON by the database, each once (a list repeats its
    names, occupations and workplaces). The rows do not change while the import runs
    (mapping and commit both require the preview)."""
    for texts, done in _texts(member_import):
        for text in texts:
            for word in words(text.replace("-", " ")):
                lemma(word)
        _progress(member_import, done // 2)
    _progress(member_import, member_import.total // 2)


def _texts(member_import: MemberImport) -> Iterator[tuple[list[str], int]]:
    """The texts of the rows to apply whose words want lemmas, a batch at a time, each
    with how far it has come in rows. On PostgreSQL the database gives each text once
    (100,000 rows: 0.25–0.3 s, where reading them all to skip the repeats here took
    0.45 s, the database and this process waiting for each other); the progress then
    counts texts, which are no more than the rows. Elsewhere the rows are read as they
    are, the repeats skipped here."""
    if connection.vendor == "postgresql":
        values = ", ".join(['(r."data" ->> %s)'] * len(LEMMA_FIELDS))
        with connection.chunked_cursor() as cursor:
            cursor.execute(
                f'SELECT DISTINCT v.t FROM "{ImportRow._meta.db_table}" AS r'
                f" CROSS JOIN LATERAL (VALUES {values}) AS v(t)"
                ' WHERE r."member_import_id" = %s AND r."status" <> %s'
                ' AND r."match_on" <> %s AND v.t <> %s',
                [*LEMMA_FIELDS, member_import.pk, RowStatus.ERROR, UNCHANGED, ""],
            )
            done = 0
            while found := cursor.fetchmany(BATCH):
                done = min(done + len(found), member_import.total)
                yield [text for (text,) in found], done
        return
    rows = member_import.rows.exclude(status=RowStatus.ERROR).exclude(match_on=UNCHANGED)
    texts = rows.values_list(*(KT(f"data__{key}") for key in LEMMA_FIELDS))
    batch: list[str] = []
    done = 0
    seen: set[str] = set()  # the texts done already: a list repeats its words
    for values in texts.iterator(chunk_size=BATCH):
        for text in values:
            if text and text not in seen:
                seen.add(text)
                batch.append(text)
        if len(seen) > 50_000:
            seen.clear()  # memory stays flat
        done += 1
        if done % BATCH == 0:
            yield batch, done
            batch = []
    yield batch, done


@dataclass(slots=True)
class _Known:
    """The matched people as they are now: their terms and their membership."""

    persons: dict[int, Person] = dataclass_field(default_factory=dict)
    competencies: dict[int, dict[int, str]] = dataclass_field(default_factory=dict)
    interests: dict[int, dict[int, str]] = dataclass_field(default_factory=dict)
    member_of: set[int] = dataclass_field(default_factory=set)


def _apply(member_import: MemberImport, actor: Any, concurrent: bool = False) -> int:
    """Apply the rows a batch at a time (inside the caller's transaction), every row
    matched against the database as it was before the import (``prematch``: all rows
    first, or with ``concurrent`` each batch through the second connection): each
    batch's new people inserted and matched ones updated, and its rows rewritten with
    their outcome. With ``concurrent``, a batch's writes run in the writer's thread while
    the next batch is read, matched and prepared (``writer``). The rows still unchanged
    since the last import are not read at all: the preview gave them their outcome
    (``rows._build_rows``), and those demoted are written anew.
    Returns how many people rows it wrote (created, changed, given a membership)."""
    now = timezone.now()
    # With the writer's thread, the rows are matched batch by batch through the second
    # connection while the writer works on the batch before.
    plan = prematch(member_import, by_batch=concurrent)
    writer = Writer(concurrent)
    with reader(concurrent) as db, writer.running():
        counts = _apply_batches(member_import, actor, plan, now, writer, db)
    created, matched, updated, errors, competencies, interests = counts
    member_import.created_terms = {
        "competencies": [t.pk for t in competencies.created],
        "interests": [t.pk for t in interests.created],
    }
    member_import.created = created
    member_import.matched = matched + plan.unchanged
    member_import.updated = updated
    member_import.errors = errors
    member_import.processed = member_import.total
    member_import.status = ImportStatus.DONE
    member_import.committed_at = now
    member_import.save()
    return created + matched


def _apply_batches(
    member_import: MemberImport,
    actor: Any,
    plan: Prematch,
    now: datetime.datetime,
    writer: Writer,
    db: Any,
) -> tuple[int, int, int, int, TermResolver, TermResolver]:
    association_id = member_import.association_id
    competencies, interests = TermResolver(Competency), TermResolver(Interest)
    created = matched = updated = errors = 0
    for loaded in _worked_batches(member_import, plan, db):
        if plan.by_batch:
            match_batch(loaded, association_id, plan, db)
        writes = _Writes(competencies, interests, now)
        error_rows: list[_Row] = []
        new_rows: list[_Row] = []
        matched_rows: list[tuple[_Row, int]] = []
        demoted: list[int] = []
        for row in loaded:
            if row.status == RowStatus.ERROR:
                error_rows.append(row)
                continue
            if row.number in plan.demoted:
                # The member changed since the preview: the row was read again, and is
                # matched and written as any other.
                row.data = {**plan.demoted[row.number], "_hash": row.data.get("_hash", "")}
                row.match_on = ""
                demoted.append(row.number)
            if row.number in plan.matched:
                person_id, row.match_on = plan.matched[row.number]
                matched_rows.append((row, person_id))
            else:
                new_rows.append(row)
        new_ids = _create_persons(new_rows, writes, association_id, actor, writer, db)
        batch_matched, batch_updated = _update_matched(
            matched_rows, writes, association_id, member_import.on_match
        )
        writer.submit(_insert_links, _links(writes, db))
        rows = [*new_rows, *(r for r, _p in matched_rows)]
        writer.submit(_write_outcomes, _outcomes(member_import, rows, error_rows, demoted, db))
        created += len(new_ids)
        matched += batch_matched
        updated += batch_updated
        errors += len(error_rows)
    return created, matched, updated, errors, competencies, interests


def _worked_batches(member_import: MemberImport, plan: Prematch, db: Any) -> Iterator[list[_Row]]:
    """The rows applying works on, a batch at a time: all but those still unchanged,
    that is all but the preview's «unchanged» rows and, of those, the demoted ones."""
    yield from _row_batches(member_import, exclude={"match_on": UNCHANGED}, db=db)
    for chunk in _chunks(sorted(plan.demoted)):
        yield _load_rows(member_import, db, number__in=chunk)


def _person_values(data: dict[str, Any]) -> dict[str, Any]:
    values = {k: data.get(k, "") for k in ("last_name", "first_name", "patronymic")}
    for key in ("phone", "email", "occupation", "workplace", "home_place", "moscow_district"):
        if key in data:
            values[key] = data[key]
    if data.get("birth_date"):
        values["birth_date"] = datetime.date.fromisoformat(data["birth_date"])
    return values


def _create_persons(
    new_rows: list[_Row], writes: _Writes, association_id: int, actor: Any, writer: Writer, db: Any
) -> list[int]:
    """Insert the persons of the new rows (by the ``writer``), as prepared values (no
    model instances), their primary keys taken through ``db``; collect their terms,
    memberships and consents. Returns their ids."""
    # The stored values of a new person: those of a model instance made once, with the
    # timestamps of this import.
    now = writes.now
    stamp = (
        now if connection.vendor == "postgresql" else connection.ops.adapt_datetimefield_value(now)
    )
    template = {**stored_values(Person(has_consent=True)), "created_at": stamp, "updated_at": stamp}
    if connection.vendor == "postgresql":
        # The new persons' association mark (migration 0014) as the membership trigger
        # would write it: their memberships are inserted with the trigger aside
        # (``bulk.marks_written``).
        template["association_marks"] = f"~a{association_id}"
    columns = list(template)
    # Each row is the template's values with the person's own put in by position.
    base = list(template.values())
    slot = {column: index for index, column in enumerate(columns)}
    at_id, at_match, at_search, at_expertise = (
        slot[c] for c in ("id", "match_name", "search_text", "expertise_text")
    )
    # The ids the preview took for its new rows (PostgreSQL); fresh ones for the others
    # (SQLite, and rows that were matched or unchanged at the preview).
    taken = [reserved_id(row) for row in new_rows]
    fresh = iter(reserve_ids(Person._meta.db_table, taken.count(None), db))
    ids = [pk if pk is not None else next(fresh) for pk in taken]
    values: list[tuple[Any, ...]] = []
    new_terms: list[tuple[list[Any], list[Any]]] = []
    for row, pk in zip(new_rows, ids, strict=True):
        own = _person_values(row.data)
        person = base.copy()
        for column, value in own.items():
            person[slot[column]] = value
        last, first, patronymic = own["last_name"], own["first_name"], own["patronymic"]
        person[at_id] = pk
        person[at_match] = match_name(last, first, patronymic)
        competencies, interests = writes.terms(row)
        person[at_search], person[at_expertise] = texts_of(
            (
                last,
                first,
                patronymic,
                own.get("occupation", template["occupation"]),
                own.get("workplace", template["workplace"]),
            ),
            [c.name for c in competencies],
            [i.name for i in interests],
        )
        values.append(tuple(person))
        new_terms.append((competencies, interests))
    writer.submit(_insert_persons, prepare_rows(Person._meta.db_table, columns, values, db), ids)
    today = timezone.localdate()
    actor_id = getattr(actor, "pk", None)
    for row, pk, (competencies, interests) in zip(new_rows, ids, new_terms, strict=True):
        row.person_id = pk
        row.outcome = RowOutcome.CREATED
        row.undo = {"created": True}
        writes.competency_links += [(pk, c.pk) for c in competencies]
        writes.interest_links += [(pk, i.pk) for i in interests]
        writes.new_memberships.append(_membership(pk, association_id, row.data))
        writes.consents.append(
            (pk, DEFAULT_PURPOSE, ConsentForm.PAPER.value, today, actor_id, stamp)
        )
    return ids


def _load_known(matched_ids: list[int], association_id: int) -> _Known:
    known = _Known()
    for chunk in _chunks(matched_ids):
        known.persons.update(Person.objects.in_bulk(chunk))
        for pid, cid, name in Person.competencies.through.objects.filter(
            person_id__in=chunk
        ).values_list("person_id", "competency_id", "competency__name"):
            known.competencies.setdefault(pid, {})[cid] = name
        for pid, iid, name in Person.interests.through.objects.filter(
            person_id__in=chunk
        ).values_list("person_id", "interest_id", "interest__name"):
            known.interests.setdefault(pid, {})[iid] = name
        known.member_of.update(
            Membership.objects.filter(
                person_id__in=chunk, association_id=association_id
            ).values_list("person_id", flat=True)
        )
    return known


def _update_matched(
    matched_rows: list[tuple[_Row, int]], writes: _Writes, association_id: int, on_match: str
) -> tuple[int, int]:
    """Add the missing memberships of the matched people and, unless told to skip them,
    their new data and terms; returns how many rows matched and how many changed someone."""
    known = _load_known(sorted({pid for _row, pid in matched_rows}), association_id)
    changed_persons: dict[int, Person] = {}
    matched = updated = 0
    for row, pid in matched_rows:
        matched += 1
        row.person_id = pid
        undo: dict[str, Any] = {}
        if pid not in known.member_of:
            writes.memberships.append(_membership(pid, association_id, row.data))
            known.member_of.add(pid)
            undo["membership"] = True
        else:
            writes.hashes.append((row.data.get("_hash", ""), association_id, pid))
        if on_match != OnMatch.SKIP and _update_person(row, pid, known, writes, on_match, undo):
            changed_persons[pid] = known.persons[pid]
        if set(undo) - {"membership"}:
            row.outcome = RowOutcome.UPDATED
            updated += 1
        elif on_match == OnMatch.SKIP:
            row.outcome = RowOutcome.SKIPPED
        else:
            row.outcome = RowOutcome.UNCHANGED
        row.undo = undo
    if changed_persons:
        Person.objects.bulk_update(
            list(changed_persons.values()),
            [
                "last_name", "first_name", "patronymic", "birth_date", "phone", "email",
                "home_place", "moscow_district", "occupation", "workplace", "match_name",
                "search_text", "expertise_text", "updated_at",
            ],
            batch_size=BATCH,
        )  # fmt: skip
    return matched, updated


def _update_person(
    row: _Row, pid: int, known: _Known, writes: _Writes, on_match: str, undo: dict[str, Any]
) -> bool:
    """Apply one matched row to its person (in memory), noting in ``undo`` what it changed;
    True when the person needs saving."""
    person = known.persons[pid]
    old = apply_fields(person, _person_values(row.data), on_match)
    if old:
        undo["fields"] = {
            k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in old.items()
        }
        person.match_name = match_name(person.last_name, person.first_name, person.patronymic)
    competencies, interests = writes.terms(row)
    have_c = known.competencies.setdefault(pid, {})
    have_i = known.interests.setdefault(pid, {})
    add_c = [c for c in competencies if c.pk not in have_c]
    add_i = [i for i in interests if i.pk not in have_i]
    if add_c:
        undo["competencies"] = [c.pk for c in add_c]
        writes.competency_links += [(pid, c.pk) for c in add_c]
        have_c.update({c.pk: c.name for c in add_c})
    if add_i:
        undo["interests"] = [i.pk for i in add_i]
        writes.interest_links += [(pid, i.pk) for i in add_i]
        have_i.update({i.pk: i.name for i in add_i})
    if not (old or add_c or add_i):
        return False
    person.search_text, person.expertise_text = person_texts(
        person, list(have_c.values()), list(have_i.values())
    )
    person.updated_at = writes.now
    return True


def _membership(person_id: int, association_id: int, data: dict[str, Any]) -> tuple[Any, ...]:
    since = data.get("since")
    return (
        person_id,
        association_id,
        data.get("role") or MembershipRole.MEMBER.value,
        datetime.date.fromisoformat(since) if since else None,
        data.get("_hash", ""),
    )
