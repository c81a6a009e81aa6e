"""Pieces shared by every router: bounded ids, paging and dates, the page and error shapes.

Every number and date that comes from outside is bounded here, before it can reach the
database (an id past 2**63 - 1 overflows SQLite, a year 70 date gets a local-mean-time offset):

    def tasks(request, plan_id: Id, limit: Limit = 50, offset: Offset = 0): ...
    class TaskIn(Schema):
        depends_on: list[Id] = []
        due_date: DateIn | None = None
"""

import datetime
from collections.abc import Sequence
from typing import Annotated, Any, Generic, TypeVar

from ninja import Schema
from pydantic import AfterValidator, AwareDatetime, ConfigDict, Field
from pydantic_core import PydanticCustomError

T = TypeVar("T")

MAX_ID = 2**63 - 1
MAX_LIMIT = 500
# Reference lists (regions, vocabularies) and a plan's tasks come whole in one default page.
REFERENCE_LIMIT = MAX_LIMIT
MAX_OFFSET = 10_000_000
MIN_YEAR = 1900
MAX_YEAR = 2100

Id = Annotated[int, Field(ge=1, le=MAX_ID, description="Идентификатор записи.")]
Limit = Annotated[
    int, Field(ge=1, le=MAX_LIMIT, description=f"Сколько записей вернуть: 1–{MAX_LIMIT}.")
]
Offset = Annotated[
    int, Field(ge=0, le=MAX_OFFSET, description="Сколько записей пропустить от начала.")
]
Year = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR, description="Год, 1900–2100.")]


def _sane_year(value: Any) -> Any:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise PydanticCustomError(
            "date_range",
            "Date must be between {min_year} and {max_year}.",
            {"min_year": MIN_YEAR, "max_year": MAX_YEAR},
        )
    return value


YEAR_RANGE = {"x-year-range": [MIN_YEAR, MAX_YEAR]}  # shown in OpenAPI, checked by a test

DateIn = Annotated[
    datetime.date,
    AfterValidator(_sane_year),
    Field(description="Дата ГГГГ-ММ-ДД, 1900–2100.", json_schema_extra=YEAR_RANGE),
]
DateTimeIn = Annotated[
    AwareDatetime,
    AfterValidator(_sane_year),
    Field(
        description="Дата и время по RFC 3339 с часовым поясом, 1900–2100.",
        json_schema_extra=YEAR_RANGE,
    ),
]


class Page(Schema, Generic[T]):
    count: int
    items: list[T]


class ErrorItem(Schema):
    """One refused field: where it is, its name and a message for a person."""

    model_config = ConfigDict(extra="allow")

    loc: list[str | int] = Field(description="Где поле: body/query/path и путь внутри.")
    field: str | None = Field(description="Имя поля (через точку для вложенных) или null.")
    msg: str = Field(description="Сообщение на языке интерфейса.")
    type: str | None = None


class ErrorOut(Schema):
    """Every refusal of the API: a message, or a list of refused fields (422)."""

    detail: str | list[ErrorItem]


class SentOut(Schema):
    """How many letters a mailing (invitations, reminders) sent."""

    sent: int


def page_of(rows: Sequence[Any], limit: int, offset: int) -> dict[str, Any]:
    """A page of a list already in memory (short reference lists, computed problems)."""
    return {"count": len(rows), "items": list(rows[page_slice(limit, offset)])}


def page_slice(limit: int, offset: int) -> slice:
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, min(offset, MAX_OFFSET))
    return slice(offset, offset + limit)
