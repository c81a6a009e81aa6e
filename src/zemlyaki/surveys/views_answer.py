"""Answering a survey: by its public link or by a personal invitation, page by page."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zemlyaki.core.security import client_address
from zemlyaki.people.consents import CONSENT_LABEL, CONSENT_REQUIRED
from zemlyaki.people.consents import CURRENT_VERSION as CONSENT_VERSION

from . import answers as answer_rules
from . import selectors, services
from .forms import (
    parse_answers,
)
from .models import (
    Invitation,
    Question,
    QuestionType,
    Response,
    ResponseStatus,
    Survey,
)
from .vocab import vocabulary_terms

COOKIE_PREFIX = "zsurvey-"


def _prepare(
    request: HttpRequest,
    survey: Survey,
    page: int,
    stored: dict[int, Any],
    posted: dict[int, Any] | None,
    errors: dict[str, list[str]],
) -> list[dict[str, Any]]:
    """What the template needs per question of a page: value, error, visibility."""
    contexts = services.contexts_for(survey)
    values = dict(stored)
    if posted is not None:
        values.update(posted)
    shown = answer_rules.visible_questions([c.question for c in contexts], values)
    vocab_cache: dict[str, list[tuple[int, str, str]]] = {}
    items = []
    for ctx in contexts:
        q = ctx.question
        if q.page != page:
            continue
        cond = q.condition_question
        same_page = bool(cond and q.condition_op and cond.page == page)
        if q.pk not in shown and not same_page:
            continue
        value = values.get(q.pk)
        selected: set[str] = set()
        other_text = ""
        if isinstance(value, list):
            for v in value:
                if isinstance(v, int) or (isinstance(v, str) and v.isdigit()):
                    selected.add(str(v))
                elif v:
                    other_text = str(v)
                    selected.add("other")
        elif q.type == QuestionType.SINGLE and value not in (None, ""):
            if isinstance(value, int) or str(value).isdigit():
                selected.add(str(value))
            else:
                other_text = str(value)
                selected.add("other")
        terms: list[tuple[int, str, str]] = []
        if q.is_vocabulary:
            if q.type not in vocab_cache:
                vocab_cache[q.type] = vocabulary_terms(q.type)
            terms = vocab_cache[q.type]
        scale: list[int] = []
        if q.type == QuestionType.SCALE:
            low, high = answer_rules.scale_bounds(q)
            scale = list(range(low, high + 1))
        items.append(
            {
                "q": q,
                "value": "" if value is None or isinstance(value, list | dict) else value,
                "matrix": {str(k): str(v) for k, v in value.items()}
                if isinstance(value, dict)
                else {},
                "selected": selected,
                "other_text": other_text,
                "error": (errors.get(str(q.pk)) or [""])[0],
                "hidden": q.pk not in shown,
                "cond": same_page,
                "options": list(ctx.options.values()),
                "rows": list(ctx.rows.values()),
                "terms": terms,
                "scale": scale,
            }
        )
    return items


def _page_count(survey: Survey) -> int:
    return max([q.page for q in survey.questions.all()] or [1])


def _next_page(survey: Survey, page: int, stored: dict[int, Any], step: int) -> int | None:
    """The next page in the direction ``step`` that has a visible question, or None."""
    questions = list(survey.questions.order_by("page", "position", "id"))
    shown = answer_rules.visible_questions(questions, stored)
    pages = sorted({q.page for q in questions if q.pk in shown})
    candidates = [p for p in pages if (p > page if step > 0 else p < page)]
    if not candidates:
        return None
    return candidates[0] if step > 0 else candidates[-1]


def _answer(
    request: HttpRequest,
    survey: Survey,
    *,
    response: Response | None,
    invitation: Invitation | None,
    base_url: str,
) -> HttpResponse:
    if not survey.is_published and not request.user.has_perm("surveys.change_survey", survey):
        raise Http404
    if not survey.is_open():
        return render(request, "surveys/answer_closed.html", {"survey": survey}, status=410)
    if (
        request.GET.get("done")
        and response is not None
        and response.status == ResponseStatus.SUBMITTED
    ):
        return render(request, "surveys/answer_done.html", {"survey": survey, "base_url": base_url})
    pages = _page_count(survey)
    try:
        page = min(max(int(request.GET.get("page", 1)), 1), pages)
    except ValueError:
        page = 1
    stored = services.stored_values(response) if response else {}
    errors: dict[str, list[str]] = {}
    posted = None
    new_key = ""
    # An anonymous form that asks for a name or a contact asks for consent first (152-FZ).
    needs_consent = response is None and invitation is None and selectors.asks_identity(survey)
    if request.method == "POST":
        page = min(max(int(request.POST.get("page", page) or 1), 1), pages)
        contexts = services.contexts_for(survey)
        page_questions = [c.question for c in contexts if c.question.page == page]
        posted = parse_answers(page_questions, request.POST)
        try:
            if response is None:
                # Nothing is stored until the first page is valid.
                answer_rules.validate_answers(
                    contexts, posted, known={}, only={q.pk for q in page_questions}
                )
                if needs_consent and not request.POST.get("pd_consent"):
                    raise ValidationError({"pd_consent": [str(CONSENT_REQUIRED)]})
                response, new_key = services.response_start(
                    survey=survey,
                    invitation=invitation,
                    ip=client_address(request),
                    consent_version=CONSENT_VERSION if needs_consent else "",
                )
            services.response_save_page(response=response, page=page, raw=posted)
        except services.RateLimited:
            return render(request, "surveys/answer_limited.html", {"survey": survey}, status=429)
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {}
            if not errors:
                messages.error(request, " ".join(error.messages))
        if not errors and response is not None:
            stored = services.stored_values(response)
            target = _next_page(survey, page, stored, +1)
            if request.POST.get("action") == "back":
                target = _next_page(survey, page, stored, -1) or 1
                result = redirect(f"{base_url}?page={target}")
            elif target is None:
                try:
                    services.response_submit(response=response)
                except ValidationError as error:
                    first_error = next(iter(getattr(error, "message_dict", {}).items()), None)
                    if first_error:
                        wrong = Question.objects.get(pk=int(first_error[0]))
                        messages.error(
                            request,
                            _("Вопрос «%(q)s»: %(msg)s")
                            % {"q": wrong.title, "msg": first_error[1][0]},
                        )
                        result = redirect(f"{base_url}?page={wrong.page}")
                    else:
                        messages.error(request, " ".join(error.messages))
                        result = redirect(f"{base_url}?page={page}")
                else:
                    result = redirect(f"{base_url}?done=1")
            else:
                result = redirect(f"{base_url}?page={target}")
            if new_key and invitation is None:
                result.set_cookie(
                    f"{COOKIE_PREFIX}{survey.pk}",
                    new_key,
                    max_age=180 * 24 * 3600,
                    httponly=True,
                    samesite="Lax",
                    path=base_url,
                )
            return result
    items = _prepare(request, survey, page, stored, posted, errors)
    titles = survey.page_titles or []
    return render(
        request,
        "surveys/answer.html",
        {
            "survey": survey,
            "items": items,
            "page": page,
            "pages": pages,
            "page_title": titles[page - 1] if page - 1 < len(titles) else "",
            "has_prev": _next_page(survey, page, stored, -1) is not None,
            "is_last": _next_page(survey, page, {**stored, **(posted or {})}, +1) is None,
            "response": response,
            "has_errors": bool(errors),
            "invitation": invitation,
            "needs_consent": needs_consent,
            "consent_label": CONSENT_LABEL,
            "consent_error": (errors.get("pd_consent") or [""])[0],
        },
        status=422 if errors else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def answer_public(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_object_or_404(Survey, slug=slug)
    if survey.is_personal:
        raise Http404
    key = request.COOKIES.get(f"{COOKIE_PREFIX}{survey.pk}", "")
    response = None
    if key:
        response = Response.objects.filter(
            survey=survey, key_hash=services.token_hash(key), invitation__isnull=True
        ).first()
    return _answer(
        request, survey, response=response, invitation=None, base_url=survey.public_url()
    )


@require_http_methods(["GET", "HEAD", "POST"])
def answer_personal(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_by_token(token)
    if invitation is None:
        raise Http404
    response = Response.objects.filter(invitation=invitation).first()
    base_url = reverse("surveys:answer_personal", kwargs={"token": token})
    return _answer(
        request, invitation.survey, response=response, invitation=invitation, base_url=base_url
    )
