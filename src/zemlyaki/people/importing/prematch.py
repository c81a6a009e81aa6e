"""Matching every row of a confirmed import before anything is written.

Applying matches the rows again inside its transaction (the database may have changed
since the preview). Doing it for all rows before the first insert means the matching
queries see the database as it was before the import: the people the import creates
cannot be matched, without a condition on their ids that the planner cannot estimate
(the statistics do not know the rows inserted in the same transaction), and each query
looks only at the people it asks for. Only the keys are read (taken out of the rows'
JSON by the database), a batch at a time."""

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

import orjson
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.db.models.fields.json import KT

from ..models import MemberImport, Membership, RowStatus
from .background import file_content
from .matching import Matcher
from .reading import parse_row, stream_table
from .rows import BATCH, UNCHANGED, _batches, _Row

KEY_COLUMNS = ("last_name", "first_name", "patronymic", "birth_date", "phone", "email")


@dataclass(slots=True)
class Prematch:
    """What each row is before the import writes anything."""

    matched: dict[int, tuple[int, str]] = dataclass_field(default_factory=dict)
    """Row number → (the person it matched, how)."""
    unchanged: int = 0
    """How many rows are still the same as last imported for a member of the association."""
    demoted: dict[int, dict[str, Any]] = dataclass_field(default_factory=dict)
    """Row number → its data read again from the file: the preview took it for unchanged,
    but its member has changed since."""
    by_batch: bool = False
    """The rows are matched batch by batch as they are applied (``match_batch``)."""


def prematch(member_import: MemberImport, *, by_batch: bool = False) -> Prematch:
    """Match all rows of the import (but those in error) against the database as it is
    now: by name and birth date, phone, e-mail or name among the members; the rows the
    preview found unchanged are checked to still be so (only their hash is read). With
    ``by_batch``, only the latter: the other rows are matched by ``match_batch``."""
    association_id = member_import.association_id
    result = Prematch(by_batch=by_batch)
    live = member_import.rows.exclude(status=RowStatus.ERROR).order_by("number")
    marked = live.filter(match_on=UNCHANGED)
    # The database looks for each row's hash among the association's members itself:
    # the rows are not read, only the numbers of those no longer unchanged.
    gone = marked.annotate(digest=KT("data___hash")).exclude(
        Exists(
            Membership.objects.filter(
                association_id=association_id,
                import_hash=OuterRef("digest"),
                person__erased_at__isnull=True,
            )
        )
    )
    result.demoted = {number: {} for number in gone.values_list("number", flat=True)}
    result.unchanged = marked.count() - len(result.demoted)
    if not by_batch:
        keys = live.exclude(match_on=UNCHANGED).values_list(
            "number", *(KT(f"data__{key}") for key in KEY_COLUMNS)
        )
        for batch in _batches(keys.iterator(chunk_size=BATCH)):
            _match(
                [
                    (number, dict(zip(KEY_COLUMNS, values, strict=True)))
                    for number, *values in batch
                ],
                association_id,
                result,
            )
    if result.demoted:
        _read_again(member_import, result)
    return result


def match_batch(rows: list[_Row], association_id: int, result: Prematch, db: Any) -> None:
    """Match the rows of a batch being applied (but those in error and those matched
    already) through ``db``: a connection of its own, which does not see what the
    import's transaction has written, so the rows are matched against the database as it
    was before the import, as ``prematch`` does for all at once."""
    _match(
        [
            (row.number, {key: _text(row.data.get(key)) for key in KEY_COLUMNS})
            for row in rows
            if row.status != RowStatus.ERROR and row.number not in result.demoted
        ],
        association_id,
        result,
        db,
    )


def _text(value: Any) -> Any:
    """A value of a row's JSON as the database takes it out as text (``KT``)."""
    if value is None or isinstance(value, str):
        return value
    return orjson.dumps(value).decode()


def _match(
    rows: list[tuple[int, dict[str, Any]]], association_id: int, result: Prematch, db: Any = None
) -> None:
    for _number, data in rows:
        for key in ("last_name", "first_name", "patronymic"):
            data[key] = data[key] or ""  # absent from the JSON: the database gives None
    matcher = Matcher([d for _n, d in rows], association_id, db)
    for number, data in rows:
        person_id, how = matcher.match(data)
        if person_id:
            result.matched[number] = (person_id, how)


def _read_again(member_import: MemberImport, result: Prematch) -> None:
    """Parse from the stored file, in one pass, the rows the preview took for unchanged
    and did not read: their member changed since. They are matched as any other row."""
    _headers, table = stream_table(file_content(member_import), member_import.file_name)
    for number, cells in table:
        if number in result.demoted:
            data, errors = parse_row(cells, member_import.mapping)
            if errors:  # cannot be: the same cells were imported before
                raise ValidationError(errors)
            result.demoted[number] = data
    _match(list(result.demoted.items()), member_import.association_id, result)
