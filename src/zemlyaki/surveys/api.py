"""API of the questionnaires: list, questions, answering, results."""

import datetime
from typing import TYPE_CHECKING, Any, Literal

import rules
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from zemlyaki.accounts.api_auth import api_user, optional_auth, require_api_perm, token_auth
from zemlyaki.core.api_schemas import DateIn, ErrorOut, Id, Limit, Offset, Page, page_slice
from zemlyaki.core.errors import NON_FIELD, Forbidden, Invalid
from zemlyaki.core.security import client_address
from zemlyaki.people.consents import CONSENT_REQUIRED
from zemlyaki.people.consents import CURRENT_VERSION as CONSENT_VERSION

from . import selectors, services
from .answers import scale_bounds
from .models import Question, QuestionType, Survey, SurveyMode
from .vocab import vocabulary_terms

router = Router(tags=["Анкеты"])

# The choices of a model field as a Literal for the API schema (an enum in OpenAPI);
# the type checker reads them as plain strings.
if TYPE_CHECKING:
    ModeLiteral = str
else:
    ModeLiteral = Literal[tuple(SurveyMode.values)]


class OptionOut(Schema):
    id: int
    title: str


class QuestionOut(Schema):
    id: int
    type: str
    title: str
    help_text: str
    page: int
    required: bool
    options: list[OptionOut]
    rows: list[OptionOut] | None = None
    min: float | None = None
    max: float | None = None
    max_choices: int | None = None
    has_other: bool = False
    condition: dict[str, Any] | None = None


class SurveyOut(Schema):
    id: int
    title: str
    mode: str
    opens_on: datetime.date | None
    closes_on: datetime.date | None
    is_open: bool


class SurveyDetailOut(SurveyOut):
    intro: str
    questions: list[QuestionOut]


class SurveyIn(Schema):
    title: str = Field(min_length=1, max_length=300)
    intro: str = ""
    mode: ModeLiteral = SurveyMode.ANONYMOUS.value
    opens_on: DateIn | None = None
    closes_on: DateIn | None = None
    is_published: bool = False
    page_titles: list[str] = Field([], max_length=100)
    association: str | None = Field(
        None, description="Адрес (slug) землячества; руководитель указывает своё."
    )


class SurveyPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=300)
    intro: str | None = None
    mode: ModeLiteral | None = None
    opens_on: DateIn | None = None
    closes_on: DateIn | None = None
    is_published: bool | None = None
    page_titles: list[str] | None = Field(None, max_length=100)
    association: str | None = None


class SurveyManagedOut(SurveyOut):
    intro: str
    slug: str
    is_published: bool
    association: str | None
    page_titles: list[str]


class ResponseIn(Schema):
    answers: dict[str, Any]
    token: str = ""
    consent: bool = Field(
        False,
        description="Согласие на обработку персональных данных: нужно для анонимного "
        "ответа на анкету, которая спрашивает имя или контакты (как в HTML-форме); "
        "без него — 422 с полем consent.",
    )


class ResponseOut(Schema):
    id: int
    status: str


class ResultsOut(Schema):
    id: int
    title: str
    responses: int
    questions: list[dict[str, Any]]


def _user(request: HttpRequest) -> Any:
    return api_user(request) if getattr(request, "auth", None) else request.user


def _visible(request: HttpRequest) -> Any:
    return Survey.objects.visible_to(_user(request)).select_related("association")


def survey_out(survey: Survey) -> dict[str, Any]:
    return {
        "id": survey.pk,
        "title": survey.title,
        "mode": survey.mode,
        "opens_on": survey.opens_on,
        "closes_on": survey.closes_on,
        "is_open": survey.is_open(),
    }


def question_out(q: Question, vocab: dict[str, list[tuple[int, str, str]]]) -> dict[str, Any]:
    options = [o for o in q.options.all() if not o.is_row]
    data: dict[str, Any] = {
        "id": q.pk,
        "type": q.type,
        "title": q.title,
        "help_text": q.help_text,
        "page": q.page,
        "required": q.required,
        "options": [{"id": o.pk, "title": o.title} for o in options],
        "has_other": q.has_other,
    }
    if q.is_vocabulary:
        if q.type not in vocab:
            vocab[q.type] = vocabulary_terms(q.type)
        data["options"] = [{"id": pk, "title": title} for pk, title, _s in vocab[q.type]]
    if q.type == QuestionType.MATRIX:
        data["rows"] = [{"id": o.pk, "title": o.title} for o in q.options.all() if o.is_row]
    if q.type == QuestionType.SCALE:
        data["min"], data["max"] = scale_bounds(q)
    elif q.type == QuestionType.NUMBER:
        data["min"], data["max"] = q.min_value, q.max_value
    if q.max_choices:
        data["max_choices"] = q.max_choices
    if q.condition_question_id:
        data["condition"] = {
            "question": q.condition_question_id,
            "op": q.condition_op,
            "value": q.condition_value,
        }
    return data


@router.get("/surveys", response=Page[SurveyOut], auth=optional_auth, summary="Анкеты")
def survey_list(request: HttpRequest, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    qs = _visible(request).order_by("-created_at", "-id")
    items = [survey_out(s) for s in qs[page_slice(limit, offset)]]
    return {"count": qs.count(), "items": items}


def survey_managed_out(survey: Survey) -> dict[str, Any]:
    return {
        **survey_out(survey),
        "intro": survey.intro,
        "slug": survey.slug,
        "is_published": survey.is_published,
        "association": survey.association.slug if survey.association else None,
        "page_titles": list(survey.page_titles or []),
    }


def managed_survey(request: HttpRequest, survey_id: int, perm: str) -> Survey:
    """The survey, 404 when the user may not see it, 403 when they may not manage it."""
    survey = get_object_or_404(_visible(request), pk=survey_id)
    require_api_perm(request, perm, survey)
    return survey


def _page_titles(titles: list[str]) -> list[str]:
    titles = [t.strip() for t in titles]
    while titles and not titles[-1]:
        titles.pop()
    return titles


@router.post(
    "/surveys", auth=token_auth, response={201: SurveyManagedOut}, summary="Создать анкету"
)
def survey_create(request: HttpRequest, payload: SurveyIn) -> Status[Any]:
    require_api_perm(request, "surveys.add_survey")
    data = payload.dict()
    data["association"] = services.association_choice(api_user(request), data["association"])
    data["page_titles"] = _page_titles(data["page_titles"])
    survey = services.survey_create(actor=api_user(request), **data)
    return Status(201, survey_managed_out(survey))


@router.patch(
    "/surveys/{survey_id}",
    auth=token_auth,
    response=SurveyManagedOut,
    summary="Изменить анкету",
)
def survey_update(request: HttpRequest, survey_id: Id, payload: SurveyPatch) -> dict[str, Any]:
    survey = managed_survey(request, survey_id, "surveys.change_survey")
    data = payload.dict(exclude_unset=True)
    empty = [
        k
        for k, v in data.items()
        if v is None and k not in {"opens_on", "closes_on", "association"}
    ]
    if empty:
        raise ValidationError({k: [_("Поле не может быть пустым.")] for k in empty})
    if "association" in data:
        data["association"] = services.association_choice(api_user(request), data["association"])
    if "page_titles" in data:
        data["page_titles"] = _page_titles(data["page_titles"])
    survey = services.survey_update(actor=api_user(request), survey=survey, **data)
    return survey_managed_out(survey)


@router.delete(
    "/surveys/{survey_id}", auth=token_auth, response={204: None}, summary="Удалить анкету"
)
def survey_delete(request: HttpRequest, survey_id: Id) -> Status[Any]:
    """A questionnaire that has answers is not deleted (422): it can only be closed."""
    survey = managed_survey(request, survey_id, "surveys.delete_survey")
    services.survey_delete(actor=api_user(request), survey=survey)
    return Status(204, None)


@router.get(
    "/surveys/{survey_id}",
    response=SurveyDetailOut,
    auth=optional_auth,
    summary="Анкета с вопросами",
)
def survey_detail(request: HttpRequest, survey_id: Id) -> dict[str, Any]:
    survey = get_object_or_404(_visible(request), pk=survey_id)
    vocab: dict[str, list[tuple[int, str, str]]] = {}
    return {
        **survey_out(survey),
        "intro": survey.intro,
        "questions": [question_out(q, vocab) for q in selectors.survey_questions(survey)],
    }


def _raw_answers(answers: dict[str, Any]) -> dict[int, Any]:
    raw: dict[int, Any] = {}
    for key, value in answers.items():
        if not str(key).isdigit():
            raise _invalid(str(key), _("Неизвестный вопрос."))
        raw[int(key)] = value
    return raw


class _Refused(Invalid):
    """Refused answers: 422 with an item per question (``question`` names it)."""

    def __init__(self, items: list[dict[str, Any]]) -> None:
        self.items = items
        super().__init__({NON_FIELD: [item["msg"] for item in items]})

    def detail(self) -> Any:
        return self.items


def _invalid(qid: str, msg: str) -> _Refused:
    return _Refused([{"loc": ["body", "answers", qid], "field": qid, "question": qid, "msg": msg}])


def _refused(message: str) -> Status[Any]:
    return Status(422, {"detail": [{"loc": ["body"], "field": None, "msg": message}]})


@router.post(
    "/surveys/{survey_id}/responses",
    response={201: ResponseOut, 403: ErrorOut, 422: dict[str, Any], 429: dict[str, Any]},
    auth=optional_auth,
    summary="Ответить на анкету",
)
def response_create(request: HttpRequest, survey_id: Id, payload: ResponseIn) -> Status[Any]:
    # A draft is hidden (404) from all but those who manage it; they are told it takes no
    # answers yet, as a closed questionnaire is.
    survey = get_object_or_404(_visible(request), pk=survey_id)
    if not survey.is_published:
        return _refused(_("Анкета ещё не опубликована: ответы не принимаются."))
    invitation = None
    if survey.is_personal:
        invitation = services.invitation_by_token(payload.token)
        if invitation is None or invitation.survey_id != survey.pk:
            raise Forbidden(_("На эту анкету отвечают по персональной ссылке."))
    if not survey.is_open():
        return _refused(_("Анкета закрыта: ответы не принимаются."))
    try:
        question_ids = set(survey.questions.values_list("pk", flat=True))
        raw = _raw_answers(payload.answers)
        for qid in raw:
            if qid not in question_ids:
                raise _invalid(str(qid), _("Такого вопроса нет в анкете."))
        # An anonymous answer with a name or a contact needs consent, as the HTML form.
        needs_consent = invitation is None and selectors.asks_identity(survey)
        if needs_consent and not payload.consent:
            raise ValidationError({"consent": [str(CONSENT_REQUIRED)]})
        response = services.response_submit_all(
            survey=survey,
            raw=raw,
            invitation=invitation,
            ip=client_address(request),
            consent_version=CONSENT_VERSION if needs_consent else "",
        )
    except ValidationError as error:
        detail = []
        for qid, messages in getattr(error, "message_dict", {"__all__": error.messages}).items():
            for message in messages:
                if qid == "__all__":
                    detail.append({"loc": ["body"], "field": None, "msg": message})
                elif not qid.isdigit():
                    detail.append({"loc": ["body", qid], "field": qid, "msg": message})
                else:
                    detail.append(
                        {
                            "loc": ["body", "answers", qid],
                            "field": qid,
                            "question": int(qid),
                            "msg": message,
                        }
                    )
        return Status(422, {"detail": detail})
    return Status(201, {"id": response.pk, "status": response.status})


def _counts(result: selectors.QuestionResult) -> list[dict[str, Any]]:
    if result.kind in ("bars", "histogram"):
        rows = []
        for bar in result.bars:
            key = "id" if result.kind == "bars" and bar.key != "other" else "value"
            rows.append({key: bar.key, "title": bar.label, "count": bar.count, "share": bar.share})
        return rows
    if result.kind == "matrix":
        q = result.question
        columns = [o for o in q.options.all() if not o.is_row]
        rows_opts = [o for o in q.options.all() if o.is_row]
        return [
            {
                "row": row.pk,
                "title": row.title,
                "counts": [{"id": c.pk, "count": n} for c, n in zip(columns, counts, strict=True)],
            }
            for row, (_t, counts) in zip(rows_opts, result.matrix, strict=True)
        ]
    return []


@router.get(
    "/surveys/{survey_id}/results",
    response=ResultsOut,
    auth=token_auth,
    summary="Результаты анкеты",
)
def survey_results(
    request: HttpRequest, survey_id: Id, association: str = "", region: str = ""
) -> dict[str, Any]:
    survey = get_object_or_404(Survey, pk=survey_id)
    if not rules.has_perm("surveys.view_results", api_user(request), survey):
        raise Forbidden(_("Недостаточно прав для этого действия."))
    filters: dict[str, Any] = {}
    if association:
        from zemlyaki.registry.models import Association

        filters["association"] = get_object_or_404(Association, slug=association)
    if region:
        from zemlyaki.core.models import Region

        filters["region"] = get_object_or_404(Region, code=region)
    total, results = selectors.survey_results(survey, **filters)
    return {
        "id": survey.pk,
        "title": survey.title,
        "responses": total,
        "generated_at": timezone.now().isoformat(),
        "questions": [
            {
                "id": r.question.pk,
                "type": r.question.type,
                "title": r.question.title,
                "answered": r.answered,
                "counts": _counts(r),
                **({"mean": r.mean} if r.mean is not None else {}),
            }
            for r in results
        ],
    }
