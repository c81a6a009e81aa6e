"""Request and response schemas of the programs API."""

import datetime
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field

from zemlyaki.core.api_schemas import DateIn, Id


class SourceOut(Schema):
    title: str
    number: str
    date: datetime.date | None
    url: str


class DirectionOut(Schema):
    id: int
    code: str
    name: str
    parent: int | None
    level: str
    level_name: str
    region: str | None
    sources: list[SourceOut]


class SourceIn(Schema):
    title: str
    number: str = ""
    date: DateIn | None = None
    url: str = ""


class DirectionIn(Schema):
    code: str
    name: str
    parent: Id | None = None
    level: str = "own"
    order: Annotated[int, Field(ge=0, le=32767)] = 0
    description: str = ""
    region: str | None = Field(None, description="Код субъекта (для регионального уровня).")
    sources: list[SourceIn] = []


class DirectionPatch(Schema):
    """Only the fields sent are changed; ``code`` may be repeated but never changed."""

    code: str | None = None
    name: str | None = None
    parent: Id | None = None
    level: str | None = None
    order: Annotated[int, Field(ge=0, le=32767)] | None = None
    description: str | None = None
    region: str | None = Field(None, description="Код субъекта (для регионального уровня).")


class ProgramOut(Schema):
    id: int
    title: str
    goals: str
    association: int | None
    association_name: str | None
    directions: list[int]
    start: datetime.date
    end: datetime.date
    responsible_body: int | None
    responsible_person: int | None = Field(
        description="Ответственное лицо — только если вызывающий видит этого участника."
    )
    status: str
    status_name: str
    plan: int | None


class ProgramPage(Schema):
    count: int
    items: list[ProgramOut]


class ProgramIn(Schema):
    title: str
    goals: str = ""
    association: Id | None = None
    directions: list[Id] = []
    start: DateIn
    end: DateIn
    responsible_body: Id | None = None
    responsible_person: Id | None = None


class ProgramPatch(Schema):
    """Only the fields sent are changed; the association of a program stays."""

    title: str | None = Field(None, max_length=300)
    goals: str | None = None
    directions: list[Id] | None = None
    start: DateIn | None = None
    end: DateIn | None = None
    responsible_body: Id | None = None
    responsible_person: Id | None = Field(
        None, description="Только среди участников, которых видит вызывающий; null — снять."
    )


class NeedOut(Schema):
    id: int
    program: int
    kind: str
    kind_name: str
    description: str
    quantity: Decimal
    unit: str
    unit_name: str
    start: datetime.date | None
    end: datetime.date | None
    needed_by: datetime.date | None


class NeedIn(Schema):
    kind: str
    quantity: Decimal
    unit: str
    description: str = ""
    start: DateIn | None = None
    end: DateIn | None = None
    needed_by: DateIn | None = None


class BalanceRow(Schema):
    kind: str
    kind_name: str
    unit: str
    unit_name: str
    needed: Decimal | None
    pledged: Decimal
    confirmed: Decimal
    delivered: Decimal
    gap: Decimal | None
    over: bool


class PledgeOut(Schema):
    id: int
    program: int
    need: int | None
    giver_type: str
    giver: int | None
    giver_name: str
    kind: str
    quantity: Decimal
    unit: str
    start: datetime.date | None
    end: datetime.date | None
    conditions: str
    contact: str | None
    status: str
    status_name: str
    delivered_quantity: Decimal | None
    evidence_url: str


class PledgePage(Schema):
    count: int
    items: list[PledgeOut]


class PledgeIn(Schema):
    program: Id
    need: Id | None = None
    stakeholder: Id | None = None
    association: Id | None = None
    person: Id | None = None
    kind: str = ""
    quantity: Decimal
    unit: str
    start: DateIn | None = None
    end: DateIn | None = None
    conditions: str = ""
    contact: str = ""


class PledgeTransitionIn(Schema):
    to: Literal["confirmed", "delivered", "withdrawn"]
    delivered_quantity: Decimal | None = None
    evidence_url: str = ""
    evidence_note: str = ""
    comment: str = ""


class PledgeConflictOut(Schema):
    detail: str
    status: str
    status_name: str


class RepresentativeIn(Schema):
    person: Id
    position: str = ""


class RepresentativeOut(Schema):
    id: int
    stakeholder: int
    person: int
    position: str
