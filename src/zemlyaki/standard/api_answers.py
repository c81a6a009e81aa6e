"""API of the other buttons of an assessment's page: removing an evidence, replying to a
remark and running the computed checks again, with the page's right
(``standard.edit_assessment``) and services."""

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from pydantic import Field

from zemlyaki.accounts.api_auth import api_user, require_api_perm, token_auth
from zemlyaki.core.api_schemas import Id

from .answers import answer_reply, evidence_remove
from .api import _visible, answer_out, assessment_out
from .models import Answer, Evidence
from .services import assessment_refresh_checks

router = Router(tags=["Стандарт работы"], auth=token_auth)


class CriterionReplyIn(Schema):
    text: str = Field(max_length=5000, description="Ответ на замечание по критерию.")


def _answer(request: HttpRequest, assessment_id: int, criterion_id: int) -> Answer:
    assessment = _visible(request, assessment_id)
    require_api_perm(request, "standard.edit_assessment", assessment)
    return get_object_or_404(Answer, assessment=assessment, criterion_id=criterion_id)


def _fresh(answer: Answer) -> dict[str, Any]:
    return answer_out(Answer.objects.select_related("criterion").get(pk=answer.pk))


@router.delete(
    "/assessments/{assessment_id}/criteria/{criterion_id}/evidence/{evidence_id}",
    summary="Убрать подтверждение",
)
def evidence_remove_api(
    request: HttpRequest, assessment_id: Id, criterion_id: Id, evidence_id: Id
) -> Any:
    answer = _answer(request, assessment_id, criterion_id)
    evidence = get_object_or_404(Evidence, answer=answer, pk=evidence_id)
    evidence_remove(actor=api_user(request), evidence=evidence)
    return _fresh(answer)


@router.post(
    "/assessments/{assessment_id}/criteria/{criterion_id}/replies",
    response={201: dict},
    summary="Ответить на замечание по критерию",
)
def reply_api(
    request: HttpRequest, assessment_id: Id, criterion_id: Id, payload: CriterionReplyIn
) -> Any:
    answer = _answer(request, assessment_id, criterion_id)
    answer_reply(actor=api_user(request), answer=answer, text=payload.text)
    return Status(201, _fresh(answer))


@router.post(
    "/assessments/{assessment_id}/refresh",
    summary="Пересчитать проверки платформы (в черновике)",
    description="Ответы, изменённые руководителем вручную, остаются.",
)
def refresh_api(request: HttpRequest, assessment_id: Id) -> Any:
    assessment = _visible(request, assessment_id)
    require_api_perm(request, "standard.edit_assessment", assessment)
    changed = assessment_refresh_checks(actor=api_user(request), assessment=assessment)
    return {"changed": changed, **assessment_out(_visible(request, assessment_id), answers=True)}
