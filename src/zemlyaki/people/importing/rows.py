"""The rows of an import as they are worked on: loaded, written in bulk, and built
into the preview (parsed, checked for repeats, matched)."""

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from django.utils.translation import gettext as _

from ..bulk import insert_rows, json_value
from ..models import (
    ImportRow,
    MemberImport,
    RowStatus,
)
from .matching import Matcher, _keys
from .reading import _text, parse_row


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


ROW_FIELDS = ("number", "data", "status", "match_on", "messages", "person_id", "outcome", "undo")
ROW_COLUMNS = [
    "member_import_id",
    "number",
    "data",
    "status",
    "match_on",
    "messages",
    "person_id",
    "outcome",
    "undo",
]


def _load_rows(member_import: MemberImport, **filters: Any) -> list[_Row]:
    qs = member_import.rows.filter(**filters).order_by("number").values_list(*ROW_FIELDS)
    return [_Row(*values) for values in qs]


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


def _build_rows(member_import: MemberImport, table: list[tuple[int, list[Any]]]) -> None:
    member_import.rows.all().delete()
    parsed: list[tuple[int, list[Any], dict[str, Any], list[str]]] = []
    seen: dict[tuple[str, Any], int] = {}
    for number, cells in table:
        data, errors = parse_row(cells, member_import.mapping)
        if not errors:
            for key in _keys(data):
                if key in seen:
                    errors.append(_("Повтор строки %(n)s.") % {"n": seen[key]})
                    break
            else:
                for key in _keys(data):
                    seen[key] = number
        parsed.append((number, cells, data, errors))
    matcher = Matcher([d for _n, _c, d, e in parsed if not e], member_import.association_id)
    counts = {RowStatus.NEW: 0, RowStatus.MATCH: 0, RowStatus.ERROR: 0}
    objects = []
    for number, cells, data, errors in parsed:
        person_id, match_on = (None, "") if errors else matcher.match(data)
        if errors:
            status = RowStatus.ERROR
            data = {**data, "_raw": [_text(c) for c in cells]}
        else:
            status = RowStatus.MATCH if person_id else RowStatus.NEW
        counts[status] += 1
        objects.append(_Row(number, data, status, match_on, errors, person_id))
    _write_rows(member_import, objects)
    member_import.total = len(objects)
    member_import.preview_new = counts[RowStatus.NEW]
    member_import.preview_matched = counts[RowStatus.MATCH]
    member_import.preview_errors = counts[RowStatus.ERROR]
