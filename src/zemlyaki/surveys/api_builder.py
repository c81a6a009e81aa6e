"""API of the questionnaire builder, what its pages do beyond the survey itself: a copy, a
survey from the template, questions (add, change, delete, move), invitations and reminders,
and the coordinator's decision on a profile change proposed by an answer. Same permissions,
services and audit as the pages. (Operations on the paths of ``api.py`` live there: one
path, one router.)"""

from typing import TYPE_CHECKING, Any, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from zemlyaki.accounts.api_auth import api_user, require_api_perm, token_auth
from zemlyaki.accounts.rules import is_coordinator
from zemlyaki.core.api_schemas import Id, SentOut
from zemlyaki.core.urls_public import site_url

from . import selectors, services
from .api import QuestionOut, SurveyManagedOut, managed_survey, question_out, survey_managed_out
from .models import (
    ConditionOp,
    ProfileChange,
    ProfileField,
    Question,
    QuestionType,
    SurveyMode,
)
from .template import survey_create_from_template

if TYPE_CHECKING:
    TypeLiteral = str
    OpLiteral = str
    ProfileLiteral = str
    ModeLiteral = str
else:
    TypeLiteral = Literal[tuple(QuestionType.values)]
    OpLiteral = Literal[("", *ConditionOp.values)]
    ProfileLiteral = Literal[("", *ProfileField.values)]
    ModeLiteral = Literal[tuple(SurveyMode.values)]

router = Router(tags=["Анкеты"])


class TemplateIn(Schema):
    association: str | None = Field(None, description="Адрес (slug) землячества.")
    mode: ModeLiteral = SurveyMode.ANONYMOUS.value


class QuestionIn(Schema):
    type: TypeLiteral
    title: str = Field(min_length=1, max_length=500)
    page: int = Field(1, ge=1, le=100)
    help_text: str = Field("", max_length=500)
    required: bool = False
    min_value: float | None = Field(None, ge=-1e12, le=1e12)
    max_value: float | None = Field(None, ge=-1e12, le=1e12)
    min_label: str = Field("", max_length=100)
    max_label: str = Field("", max_length=100)
    max_choices: int | None = Field(None, ge=1, le=1000)
    has_other: bool = False
    condition_question: Id | None = None
    condition_op: OpLiteral = ""
    condition_value: str = Field("", max_length=300)
    profile_field: ProfileLiteral = ""
    options: list[str] = Field([], max_length=500, description="Варианты ответа по порядку.")
    rows: list[str] = Field([], max_length=500, description="Строки матрицы выбора.")


class QuestionPatch(Schema):
    type: TypeLiteral | None = None
    title: str | None = Field(None, min_length=1, max_length=500)
    page: int | None = Field(None, ge=1, le=100)
    help_text: str | None = Field(None, max_length=500)
    required: bool | None = None
    min_value: float | None = Field(None, ge=-1e12, le=1e12)
    max_value: float | None = Field(None, ge=-1e12, le=1e12)
    min_label: str | None = Field(None, max_length=100)
    max_label: str | None = Field(None, max_length=100)
    max_choices: int | None = Field(None, ge=1, le=1000)
    has_other: bool | None = None
    condition_question: Id | None = None
    condition_op: OpLiteral | None = None
    condition_value: str | None = Field(None, max_length=300)
    profile_field: ProfileLiteral | None = None
    options: list[str] | None = Field(None, max_length=500)
    rows: list[str] | None = Field(None, max_length=500)


NULLABLE_QUESTION = {"min_value", "max_value", "max_choices", "condition_question"}


class MoveIn(Schema):
    direction: Literal["up", "down"]


class SurveyInviteIn(Schema):
    source: Literal["association", "body", "search"]
    association: str | None = Field(None, description="Адрес (slug) землячества.")
    body: Id | None = None
    q: str = Field("", max_length=200, description="Условие поиска участников.")


class InviteStatsOut(Schema):
    sent: int
    already: int
    no_email: int


class SurveyDecisionIn(Schema):
    decision: Literal["accept", "reject"]
    on_match: Literal["fill", "update"] = Field(
        "fill", description="Найден участник: дополнить пустые поля (fill) или заменить (update)."
    )
    note: str = Field("", max_length=300)


class SurveyDecisionOut(Schema):
    id: int
    status: str
    person: int | None
    note: str


def _question(survey: Any, question_id: int) -> Question:
    question = Question.objects.filter(pk=question_id, survey=survey).first()
    if question is None:
        raise Http404
    return question


def _condition(survey: Any, data: dict[str, Any], exclude: int | None = None) -> None:
    """The question a condition refers to: an earlier question of the same survey."""
    if data.get("condition_question") is None:
        return
    earlier = survey.questions.exclude(pk=exclude) if exclude else survey.questions.all()
    found = earlier.filter(pk=data["condition_question"]).first()
    if found is None:
        raise ValidationError({"condition_question": [_("Вопрос условия не найден в анкете.")]})
    data["condition_question"] = found


def _question_answer(question: Question) -> dict[str, Any]:
    fresh = Question.objects.prefetch_related("options").get(pk=question.pk)
    return question_out(fresh, {})


@router.post(
    "/surveys/{survey_id}/duplicate",
    auth=token_auth,
    response={201: SurveyManagedOut},
    summary="Копия анкеты",
)
def survey_duplicate(request: HttpRequest, survey_id: Id) -> Status[Any]:
    """A copy with its questions, options and conditions, unpublished and without answers."""
    survey = managed_survey(request, survey_id, "surveys.change_survey")
    copy = services.survey_duplicate(actor=api_user(request), survey=survey)
    return Status(201, survey_managed_out(copy))


@router.post(
    "/survey-templates",
    auth=token_auth,
    response={201: SurveyManagedOut},
    summary="Создать анкету по образцу",
)
def survey_from_template(request: HttpRequest, payload: TemplateIn) -> Status[Any]:
    require_api_perm(request, "surveys.add_survey")
    association = services.association_choice(api_user(request), payload.association)
    survey = survey_create_from_template(
        actor=api_user(request), association=association, mode=payload.mode
    )
    return Status(201, survey_managed_out(survey))


@router.post(
    "/surveys/{survey_id}/questions",
    auth=token_auth,
    response={201: QuestionOut},
    summary="Добавить вопрос",
)
def question_create(request: HttpRequest, survey_id: Id, payload: QuestionIn) -> Status[Any]:
    survey = managed_survey(request, survey_id, "surveys.change_survey")
    data = payload.dict()
    _condition(survey, data)
    question = services.question_create(actor=api_user(request), survey=survey, **data)
    return Status(201, _question_answer(question))


@router.patch(
    "/surveys/{survey_id}/questions/{question_id}",
    auth=token_auth,
    response=QuestionOut,
    summary="Изменить вопрос",
)
def question_update(
    request: HttpRequest, survey_id: Id, question_id: Id, payload: QuestionPatch
) -> dict[str, Any]:
    survey = managed_survey(request, survey_id, "surveys.change_survey")
    question = _question(survey, question_id)
    data = payload.dict(exclude_unset=True)
    empty = [k for k, v in data.items() if v is None and k not in NULLABLE_QUESTION]
    if empty:
        raise ValidationError({k: [_("Поле не может быть пустым.")] for k in empty})
    _condition(survey, data, exclude=question.pk)
    question = services.question_update(actor=api_user(request), question=question, **data)
    return _question_answer(question)


@router.delete(
    "/surveys/{survey_id}/questions/{question_id}",
    auth=token_auth,
    response={204: None},
    summary="Удалить вопрос",
)
def question_delete(request: HttpRequest, survey_id: Id, question_id: Id) -> Status[Any]:
    """A question with answers, or one others depend on, is not deleted (422)."""
    survey = managed_survey(request, survey_id, "surveys.change_survey")
    services.question_delete(actor=api_user(request), question=_question(survey, question_id))
    return Status(204, None)


@router.post(
    "/surveys/{survey_id}/questions/{question_id}/move",
    auth=token_auth,
    response=QuestionOut,
    summary="Переместить вопрос выше или ниже",
)
def question_move(
    request: HttpRequest, survey_id: Id, question_id: Id, payload: MoveIn
) -> dict[str, Any]:
    survey = managed_survey(request, survey_id, "surveys.change_survey")
    question = services.question_move(
        actor=api_user(request),
        question=_question(survey, question_id),
        direction=payload.direction,
    )
    return _question_answer(question)


@router.post(
    "/surveys/{survey_id}/invitations",
    auth=token_auth,
    response=InviteStatsOut,
    summary="Пригласить к персональной анкете",
)
def survey_invite(request: HttpRequest, survey_id: Id, payload: SurveyInviteIn) -> dict[str, Any]:
    """Each person gets a letter with their own link; those already invited and those
    without an address are counted, not invited. A leader invites the members of the
    associations they lead or the people their search finds."""
    from zemlyaki.governance.models import Body

    survey = managed_survey(request, survey_id, "surveys.invite")
    user = api_user(request)
    association = body = None
    if payload.source == "association":
        if not payload.association:
            raise ValidationError({"association": [_("Выберите землячество.")]})
        association = services.association_choice(user, payload.association)
    elif payload.source == "body":
        if not is_coordinator(user):
            raise ValidationError({"source": [_("Членов органа приглашает координатор.")]})
        body = Body.objects.filter(pk=payload.body).first() if payload.body else None
        if body is None:
            raise ValidationError({"body": [_("Выберите рабочий орган.")]})
    elif not payload.q.strip():
        raise ValidationError({"q": [_("Введите условие поиска.")]})
    persons, association = selectors.invitation_recipients(
        user=user, source=payload.source, association=association, body=body, q=payload.q
    )
    return services.invitations_send(
        actor=user, survey=survey, persons=persons, association=association, base_url=site_url()
    )


@router.post(
    "/surveys/{survey_id}/reminders",
    auth=token_auth,
    response=SentOut,
    summary="Напомнить приглашённым",
)
def survey_remind(request: HttpRequest, survey_id: Id) -> dict[str, Any]:
    survey = managed_survey(request, survey_id, "surveys.invite")
    sent = services.invitations_remind(actor=api_user(request), survey=survey, base_url=site_url())
    return {"sent": sent}


@router.post(
    "/profile-changes/{change_id}/decision",
    auth=token_auth,
    response=SurveyDecisionOut,
    summary="Принять или отклонить изменение профиля из анкеты",
)
def change_decide(request: HttpRequest, change_id: Id, payload: SurveyDecisionIn) -> dict[str, Any]:
    require_api_perm(request, "surveys.review_profilechange")
    change = ProfileChange.objects.filter(pk=change_id).first()
    if change is None:
        raise Http404
    if payload.decision == "accept":
        services.profile_change_accept(
            actor=api_user(request), change=change, on_match=payload.on_match
        )
    else:
        services.profile_change_reject(actor=api_user(request), change=change, note=payload.note)
    change.refresh_from_db()
    return {
        "id": change.pk,
        "status": change.status,
        "person": change.person_id,
        "note": change.note,
    }
