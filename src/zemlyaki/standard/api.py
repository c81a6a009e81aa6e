"""The standard's API: versions and criteria, assessments, review, ranking."""

from typing import Annotated, Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from zemlyaki.accounts.api_auth import api_user, require_api_perm, token_auth
from zemlyaki.core.api_schemas import DateIn, ErrorOut, Id, Limit, Offset, Year, page_slice
from zemlyaki.core.errors import NotFound
from zemlyaki.registry.models import Association

from . import selectors
from .answers import (
    answer_review,
    assessment_submit,
    assessment_update_answers,
    deadline_for,
    evidence_add,
)
from .models import Answer, Assessment, Campaign, StandardVersion
from .scoring import percent
from .services import assessment_start, campaign_set, deadline_extend, ranking_publish

router = Router(tags=["Стандарт работы"], auth=token_auth)


def criterion_out(c: Any) -> dict[str, Any]:
    return {
        "id": c.pk,
        "code": c.code,
        "block": c.block,
        "text": c.text,
        "weight": c.weight,
        "answer_kind": c.answer_kind,
        "levels": c.levels,
        "thresholds": c.thresholds,
        "evidence_kinds": c.evidence_kinds,
        "computed": bool(c.check_code),
    }


def answer_out(a: Answer) -> dict[str, Any]:
    return {
        "criterion": a.criterion_id,
        "code": a.criterion.code,
        "value": None if a.value is None else float(a.value),
        "comment": a.comment,
        "revision": a.revision,
        "computed": a.computed,
        "computed_note": a.computed_note,
        "review_status": a.review_status,
        "accepted_value": None if a.accepted_value is None else float(a.accepted_value),
        "evidence": [
            {"id": e.pk, "kind": e.kind, "name": str(e), "computed": e.computed}
            for e in a.evidence.all()
        ],
        "messages": [
            {"kind": m.kind, "text": m.text, "revision": m.revision} for m in a.messages.all()
        ],
    }


def assessment_out(a: Assessment, *, answers: bool = False) -> dict[str, Any]:
    deadline = deadline_for(a)
    data: dict[str, Any] = {
        "id": a.pk,
        "association": a.association_id,
        "association_name": a.association.name,
        "year": a.year,
        "version": a.version_id,
        "status": a.status,
        "deadline": deadline.isoformat() if deadline else None,
    }
    if answers:
        data["answers"] = [answer_out(x) for x in a.answers.all()]
        data["score"] = percent(selectors.assessment_score(a)["overall"])
    return data


@router.get("/standard/versions", summary="Версии стандарта")
def versions(request: HttpRequest) -> Any:
    require_api_perm(request, "standard.view_version")
    return [
        {"id": v.pk, "number": v.number, "title": v.title, "status": v.status}
        for v in StandardVersion.objects.all()
    ]


@router.get("/standard/versions/{version_id}/criteria", summary="Критерии версии")
def version_criteria(request: HttpRequest, version_id: Id) -> Any:
    require_api_perm(request, "standard.view_version")
    version = get_object_or_404(StandardVersion, pk=version_id)
    return [criterion_out(c) for c in selectors.version_criteria(version)]


@router.get(
    "/assessments",
    response={200: dict[str, Any], 404: ErrorOut},
    summary="Самооценки землячеств",
)
def assessments(
    request: HttpRequest,
    year: Year | None = None,
    association: Id | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Any:
    user = api_user(request)
    visible = selectors.assessment_list(
        user=user,
        year=year or None,
        association=get_object_or_404(Association, pk=association) if association else None,
    )
    return {
        "count": visible.count(),
        "items": [assessment_out(a) for a in visible[page_slice(limit, offset)]],
    }


class StartIn(Schema):
    association: Id
    year: Year


@router.post("/assessments", response={201: dict, 404: ErrorOut}, summary="Начать самооценку")
def assessment_create(request: HttpRequest, payload: StartIn) -> Any:
    association = get_object_or_404(Association, pk=payload.association)
    require_api_perm(request, "standard.start_assessment", association)
    assessment = assessment_start(
        actor=api_user(request),
        association=association,
        year=payload.year,
    )
    fresh = selectors.assessment_with_answers(assessment.pk)
    assert fresh is not None  # just created in this request
    return Status(201, assessment_out(fresh, answers=True))


def _visible(request: HttpRequest, assessment_id: Id) -> Assessment:
    assessment = selectors.assessment_with_answers(assessment_id)
    user = api_user(request)
    if assessment is None or not user.has_perm("standard.view_assessment", assessment):
        raise NotFound(_("Самооценка не найдена."))
    return assessment


@router.get("/assessments/{assessment_id}", summary="Самооценка с ответами")
def assessment_detail(request: HttpRequest, assessment_id: Id) -> Any:
    return assessment_out(_visible(request, assessment_id), answers=True)


class AnswerIn(Schema):
    criterion: Id
    value: Any = None
    comment: str | None = None


class AnswersIn(Schema):
    answers: list[AnswerIn]


@router.patch("/assessments/{assessment_id}", summary="Сохранить ответы")
def assessment_patch(request: HttpRequest, assessment_id: Id, payload: AnswersIn) -> Any:
    assessment = _visible(request, assessment_id)
    require_api_perm(request, "standard.edit_assessment", assessment)
    items = [a.dict(exclude_unset=True) for a in payload.answers]
    assessment_update_answers(
        actor=api_user(request),
        assessment=assessment,
        answers=items,
    )
    return assessment_out(_visible(request, assessment_id), answers=True)


@router.post("/assessments/{assessment_id}/submit", summary="Представить самооценку")
def assessment_submit_api(request: HttpRequest, assessment_id: Id) -> Any:
    assessment = _visible(request, assessment_id)
    require_api_perm(request, "standard.submit_assessment", assessment)
    assessment_submit(actor=api_user(request), assessment=assessment)
    return assessment_out(_visible(request, assessment_id), answers=True)


class CriterionReviewIn(Schema):
    decision: str
    revision: Annotated[int, Field(ge=0, le=2**31 - 1)]
    accepted_value: Any = None
    remark: str = ""


@router.post(
    "/assessments/{assessment_id}/criteria/{criterion_id}/review",
    response={200: dict[str, Any], 409: ErrorOut},
    summary="Решение по критерию",
)
def answer_review_api(
    request: HttpRequest, assessment_id: Id, criterion_id: Id, payload: CriterionReviewIn
) -> Any:
    assessment = _visible(request, assessment_id)
    require_api_perm(request, "standard.review_assessment", assessment)
    answer = get_object_or_404(Answer, assessment=assessment, criterion_id=criterion_id)
    answer = answer_review(
        actor=request.user,
        answer=answer,
        decision=payload.decision,
        revision=payload.revision,
        accepted_value=payload.accepted_value,
        remark=payload.remark,
    )
    return answer_out(Answer.objects.select_related("criterion").get(pk=answer.pk))


@router.get(
    "/standard/ranking",
    response={200: dict[str, Any], 404: ErrorOut},
    summary="Рейтинг землячеств по стандарту за год",
)
def ranking(request: HttpRequest, year: Year) -> Any:
    campaign = get_object_or_404(Campaign, year=year)
    require_api_perm(request, "standard.view_ranking", campaign)
    result = selectors.ranking(year)
    return {
        "year": year,
        "rows": [
            {
                "rank": r.rank,
                "association": r.association.pk,
                "association_name": r.association.name,
                "score": r.percent,
                "blocks": {k: percent(v) for k, v in r.blocks.items()},
            }
            for r in result["rows"]
        ],
        "missing": [{"association": a.pk, "association_name": a.name} for a in result["missing"]],
    }


class CampaignIn(Schema):
    year: Year
    deadline: DateIn


@router.post("/standard/campaigns", summary="Срок самооценки года")
def campaign_api(request: HttpRequest, payload: CampaignIn) -> Any:
    require_api_perm(request, "standard.set_deadline")
    campaign = campaign_set(actor=api_user(request), year=payload.year, deadline=payload.deadline)
    return {"year": campaign.year, "deadline": campaign.deadline.isoformat()}


class ExtensionIn(Schema):
    association: Id
    deadline: DateIn


@router.post("/standard/campaigns/{year}/extensions", summary="Продлить срок землячеству")
def extension_api(request: HttpRequest, year: Year, payload: ExtensionIn) -> Any:
    require_api_perm(request, "standard.set_deadline")
    campaign = get_object_or_404(Campaign, year=year)
    association = get_object_or_404(Association, pk=payload.association)
    extension = deadline_extend(
        actor=api_user(request),
        campaign=campaign,
        association=association,
        deadline=payload.deadline,
    )
    return {"association": association.pk, "deadline": extension.deadline.isoformat()}


class PublishIn(Schema):
    published: bool = True


@router.post("/standard/campaigns/{year}/publish", summary="Опубликовать рейтинг года")
def publish_api(request: HttpRequest, year: Year, payload: PublishIn) -> Any:
    require_api_perm(request, "standard.publish_ranking")
    campaign = get_object_or_404(Campaign, year=year)
    campaign = ranking_publish(
        actor=api_user(request),
        campaign=campaign,
        published=payload.published,
    )
    return {"year": campaign.year, "ranking_published": campaign.ranking_published}


class LinkIn(Schema):
    url: str


@router.post(
    "/assessments/{assessment_id}/criteria/{criterion_id}/evidence",
    response={201: dict},
    summary="Добавить ссылку-подтверждение",
)
def evidence_link_api(
    request: HttpRequest, assessment_id: Id, criterion_id: Id, payload: LinkIn
) -> Any:
    assessment = _visible(request, assessment_id)
    require_api_perm(request, "standard.edit_assessment", assessment)
    answer = get_object_or_404(Answer, assessment=assessment, criterion_id=criterion_id)
    evidence_add(
        actor=api_user(request),
        answer=answer,
        kind="link",
        url=payload.url,
    )
    fresh = Answer.objects.select_related("criterion").get(pk=answer.pk)
    return Status(201, answer_out(fresh))
