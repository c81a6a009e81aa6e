"""API of the coordinator's indicator pages and of a recorder's correction: goals and
stages of a document, a new indicator, a returned value fixed. The same rights
(``indicators.manage``; the services' own checks for values) and services as the pages."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from zemlyaki.accounts.api_auth import api_user, require_api_perm, token_auth
from zemlyaki.core.api_schemas import Id
from zemlyaki.core.errors import Invalid
from zemlyaki.core.visibility import get_visible_or_404
from zemlyaki.directions.models import Direction
from zemlyaki.governance.models import Body
from zemlyaki.programs.models import Program
from zemlyaki.strategy.models import Document

from . import selectors
from .api import _evidence as evidence_of
from .api import indicator_out, measurement_out
from .api_schemas import FixIn, GoalsIn, IndicatorIn, StagesIn
from .models import Goal, Measurement
from .services import goals_replace, indicator_save, measurement_fix, stages_set

router = Router(tags=["Показатели"], auth=token_auth)


def _one(model: Any, pk: int | None, field: str, **where: Any) -> Any:
    if pk is None:
        return None
    found = model._default_manager.filter(pk=pk, **where).first()
    if found is None:
        raise Invalid({field: [_("Не найдено: %(id)s.") % {"id": pk}]})
    return found


def _document(request: HttpRequest, document_id: int) -> Document:
    """The document if the caller sees it (404 for a hidden draft, as for a missing one),
    then the right to manage its indicators (403)."""
    document = get_visible_or_404(Document, api_user(request), pk=document_id)
    require_api_perm(request, "indicators.manage", document)
    return document


def indicator_fields(document: Document, payload: IndicatorIn) -> tuple[dict[str, Any], dict]:
    """The service's fields and targets from the payload, references checked by field."""
    data = payload.dict(exclude={"targets", "directions", "goal", "program", "owner_body"})
    directions = list(Direction.objects.filter(pk__in=payload.directions))
    if len(directions) != len(set(payload.directions)):
        raise Invalid({"directions": [_("Нет такого направления.")]})
    data |= {
        "directions": directions,
        "goal": _one(Goal, payload.goal, "goal", document=document),
        "program": _one(Program, payload.program, "program"),
        "owner_body": _one(Body, payload.owner_body, "owner_body"),
    }
    return data, {t.year: t.value for t in payload.targets}


@router.post(
    "/documents/{document_id}/indicators",
    response={201: dict},
    summary="Новый показатель стратегии с целевыми значениями",
)
def indicator_create(request: HttpRequest, document_id: Id, payload: IndicatorIn) -> Any:
    document = _document(request, document_id)
    fields, targets = indicator_fields(document, payload)
    indicator = indicator_save(
        actor=api_user(request), document=document, indicator=None, targets=targets, **fields
    )
    return Status(201, indicator_out(selectors.indicator_view(indicator), detail=True))


@router.put("/documents/{document_id}/goals", summary="Цели стратегии (заменяют прежние)")
def goals(request: HttpRequest, document_id: Id, payload: GoalsIn) -> Any:
    document = _document(request, document_id)
    kept = goals_replace(actor=api_user(request), document=document, titles=payload.goals)
    return {"count": len(kept), "items": [{"number": g.number, "title": g.title} for g in kept]}


@router.put("/documents/{document_id}/stages", summary="Этапы реализации (заменяют прежние)")
def stages(request: HttpRequest, document_id: Id, payload: StagesIn) -> Any:
    document = _document(request, document_id)
    made = stages_set(
        actor=api_user(request),
        document=document,
        periods=[(s.start_year, s.end_year) for s in payload.stages],
    )
    return {
        "count": len(made),
        "items": [
            {"number": s.number, "start_year": s.start_year, "end_year": s.end_year} for s in made
        ],
    }


@router.post(
    "/measurements/{measurement_id}/fix",
    summary="Исправить значение, возвращённое с замечаниями (снова на проверку)",
)
def fix(request: HttpRequest, measurement_id: Id, payload: FixIn) -> Any:
    user = api_user(request)
    measurement = get_visible_or_404(Measurement, user, pk=measurement_id)
    require_api_perm(request, "indicators.fix_value", measurement)
    file, url = evidence_of(payload)
    fixed = measurement_fix(
        actor=user,
        measurement=measurement,
        value=payload.value,
        comment=payload.comment,
        evidence_file=file,
        evidence_url=url,
    )
    return measurement_out(fixed, user)
