"""Input of the coordinator's indicator operations: the fields of the indicator page."""

from decimal import Decimal
from typing import Any

from ninja import Schema
from pydantic import Field

from zemlyaki.core.api_schemas import Id, Year


class EvidenceFileIn(Schema):
    filename: str = Field(max_length=200, description="Имя файла.")
    content_base64: str = Field(max_length=30_000_000, description="Содержимое в base64.")


class TargetIn(Schema):
    year: Year
    value: Decimal = Field(description="Целевое значение к концу года.")


class IndicatorIn(Schema):
    code: str = Field(max_length=20)
    name: str = Field(max_length=300)
    unit: str = Field(max_length=30)
    goal: Id | None = Field(None, description="Цель стратегии того же документа.")
    directions: list[Id] = []
    program: Id | None = None
    level: str = Field("community", description="community или association.")
    owner_body: Id | None = None
    source: str = Field("entered", description="entered (вносится) или computed.")
    measure: str = Field("", description="Мера платформы для вычисляемого показателя.")
    method: str = ""
    higher_is_better: bool = True
    allow_negative: bool = False
    baseline_year: int | None = Field(None, ge=0, le=32767)
    baseline_value: Decimal | None = Field(None, max_digits=16, decimal_places=2)
    baseline_source: str = Field("", max_length=300)
    targets: list[TargetIn] = []
    public: bool = False


class GoalsIn(Schema):
    goals: list[str] = Field(description="Цели по порядку номеров.")


class StageIn(Schema):
    start_year: Year
    end_year: Year


class StagesIn(Schema):
    stages: list[StageIn]


class FixIn(Schema):
    value: Any = Field(description="Исправленное значение числом.")
    comment: str = Field("", max_length=5000)
    evidence: str | EvidenceFileIn | None = Field(
        None, description="Подтверждение: ссылка http(s) или файл, как при внесении значения."
    )
