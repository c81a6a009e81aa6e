"""The indicators' API: indicators with their stages and latest values, measurements (GET;
POST for entered values) and the control body's review of an entered value."""

import base64
import binascii
from typing import Any, Literal

from django.core.files.base import ContentFile
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from zemlyaki.accounts.api_auth import api_user, require_api_perm, token_auth
from zemlyaki.core.api_schemas import ErrorOut, Id, Limit, Offset, page_slice
from zemlyaki.core.errors import Invalid
from zemlyaki.core.visibility import get_visible_or_404
from zemlyaki.registry.models import Association

from . import selectors
from .api_schemas import EvidenceFileIn, IndicatorIn
from .models import Indicator, Measurement
from .selectors import IndicatorView, StageRow
from .services import indicator_save, measurement_enter, measurement_review, refresh_start

router = Router(tags=["Показатели"], auth=token_auth)


def _stage_out(row: StageRow) -> dict[str, Any]:
    p = row.progress
    return {
        "number": row.number,
        "start_year": row.start_year,
        "end_year": row.end_year,
        "target": p.target,
        "actual": p.actual,
        "actual_year": p.actual_year,
        "progress": p.share,
        "forecast": p.forecast,
        "status": p.status,
    }


def indicator_out(view: IndicatorView, *, detail: bool = False) -> dict[str, Any]:
    i = view.indicator
    latest = view.latest
    data: dict[str, Any] = {
        "id": i.pk,
        "code": i.code,
        "name": i.name,
        "unit": i.unit,
        "goal": str(i.goal) if i.goal else None,
        "directions": view.directions,
        "level": i.level,
        "source": i.source,
        "measure": i.measure or None,
        "higher_is_better": i.higher_is_better,
        "public": i.public,
        "status": view.current.status,
        "latest": {"year": latest[0], "value": latest[1]} if latest else None,
        "stages": [_stage_out(row) for row in view.stages],
    }
    if detail:
        data |= {
            "method": i.method,
            "baseline": (
                {
                    "year": i.baseline_year,
                    "value": float(i.baseline_value),
                    "source": i.baseline_source,
                }
                if i.baseline_value is not None
                else None
            ),
            "targets": [{"year": y, "value": v} for y, v in sorted(view.targets.items())],
            "series": [{"year": y, "value": v} for y, v in sorted(view.series.items())],
            "program": i.program_id,
            "owner_body": i.owner_body.name if i.owner_body else None,
            "refreshed_at": i.refreshed_at.isoformat() if i.refreshed_at else None,
        }
    return data


def measurement_out(m: Measurement, user: Any) -> dict[str, Any]:
    evidence = m.evidence_file.url if m.evidence_file else None
    if evidence and not (
        user.has_perm("indicators.view_evidence", m) or m.created_by_id == user.pk
    ):
        evidence = None
    return {
        "id": m.pk,
        "indicator": m.indicator_id,
        "year": m.year,
        "association": m.association_id,
        "value": float(m.value),
        "computed": m.computed,
        "computed_from": m.computed_from or None,
        "computed_at": m.computed_at.isoformat() if m.computed_at else None,
        "status": m.status,
        "comment": m.comment,
        "evidence_url": m.evidence_url or None,
        "evidence_file": evidence,
        "remarks": m.remarks,
        "reviewed_at": m.reviewed_at.isoformat() if m.reviewed_at else None,
    }


@router.get("/indicators", summary="Показатели со стадиями и последними значениями")
def indicator_list(request: HttpRequest, limit: Limit = 100, offset: Offset = 0) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    chosen = Indicator.objects.visible_to(user).order_by("order", "code")
    count = chosen.count()
    page = chosen[page_slice(limit, offset)]
    ids = list(page.values_list("pk", flat=True))
    views = selectors.views_of(Indicator.objects.filter(pk__in=ids).order_by("order", "code"))
    return {"count": count, "items": [indicator_out(v) for v in views]}


@router.post(
    "/indicators/refresh",
    response={202: dict},
    summary="Запустить вычисление показателей",
)
def refresh(request: HttpRequest) -> Any:
    require_api_perm(request, "indicators.refresh")
    refresh_start(actor=api_user(request))
    return Status(202, {"queued": True})


@router.get("/indicators/{indicator_id}", summary="Показатель")
def indicator_detail(request: HttpRequest, indicator_id: Id) -> Any:
    indicator = get_visible_or_404(Indicator, request.auth, pk=indicator_id)  # type: ignore[attr-defined]
    return indicator_out(selectors.indicator_view(indicator), detail=True)


@router.get("/indicators/{indicator_id}/measurements", summary="Фактические значения показателя")
def measurement_list(
    request: HttpRequest, indicator_id: Id, limit: Limit = 100, offset: Offset = 0
) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    indicator = get_visible_or_404(Indicator, user, pk=indicator_id)
    rows = selectors.measurements_of(indicator, user)
    return {
        "count": rows.count(),
        "items": [measurement_out(m, user) for m in rows[page_slice(limit, offset)]],
    }


class MeasurementIn(Schema):
    value: Any = Field(description="Значение числом (дробная часть через точку).")
    period: Any = Field(description="Год, за который значение (в пределах стратегии).")
    association: Id | None = Field(
        None, description="Землячество (для показателя по землячествам)."
    )
    evidence: str | EvidenceFileIn | None = Field(
        None,
        description="Подтверждение: ссылка http(s) или файл (PDF, DOCX, XLSX, ODT, PNG, JPEG).",
    )
    comment: str = Field("", max_length=5000)


def _evidence(payload: Any) -> tuple[Any, str]:
    if isinstance(payload.evidence, EvidenceFileIn):
        try:
            data = base64.b64decode(payload.evidence.content_base64, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise Invalid({"evidence": [_("Файл подтверждения не в кодировке base64.")]}) from exc
        return ContentFile(data, name=payload.evidence.filename or "evidence"), ""
    return None, payload.evidence or ""


@router.post(
    "/indicators/{indicator_id}/measurements",
    response={201: dict, 409: ErrorOut},
    summary="Внести значение показателя (на проверку контрольному органу)",
)
def measurement_create(request: HttpRequest, indicator_id: Id, payload: MeasurementIn) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    indicator = get_visible_or_404(Indicator, user, pk=indicator_id)
    association = None
    if payload.association is not None:
        association = Association.objects.filter(pk=payload.association).first()
        if association is None:
            raise Invalid({"association": [_("Землячество не найдено.")]})
    file, url = _evidence(payload)
    measurement = measurement_enter(
        actor=user,
        indicator=indicator,
        year=payload.period,
        value=payload.value,
        association=association,
        comment=payload.comment,
        evidence_file=file,
        evidence_url=url,
    )
    return Status(201, measurement_out(measurement, user))


class MeasurementReviewIn(Schema):
    decision: Literal["accepted", "returned"]
    remarks: str = Field("", max_length=5000)


@router.post(
    "/measurements/{measurement_id}/review",
    response={200: dict[str, Any], 409: ErrorOut},
    summary="Решение контрольного органа",
)
def measurement_review_api(
    request: HttpRequest, measurement_id: Id, payload: MeasurementReviewIn
) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    measurement = get_visible_or_404(Measurement, user, pk=measurement_id)
    reviewed = measurement_review(
        actor=user, measurement=measurement, decision=payload.decision, remarks=payload.remarks
    )
    return measurement_out(reviewed, user)


@router.put("/indicators/{indicator_id}", summary="Изменить показатель и его целевые значения")
def indicator_update(request: HttpRequest, indicator_id: Id, payload: IndicatorIn) -> Any:
    from .api_manage import indicator_fields

    require_api_perm(request, "indicators.manage")
    indicator = get_visible_or_404(Indicator, api_user(request), pk=indicator_id)
    fields, targets = indicator_fields(indicator.document, payload)
    saved = indicator_save(
        actor=api_user(request),
        document=indicator.document,
        indicator=indicator,
        targets=targets,
        **fields,
    )
    return indicator_out(selectors.indicator_view(saved), detail=True)
