"""Pages of the questionnaires: builder, answering by link, results, exports, invitations,
profile changes. Views parse input, check permission and call services or selectors."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zemlyaki.core.security import client_address
from zemlyaki.core.urls_public import absolute_url, site_url
from zemlyaki.core.views_utils import apply_validation_error, paginate, require_perm
from zemlyaki.people.consents import CONSENT_LABEL, CONSENT_REQUIRED
from zemlyaki.people.consents import CURRENT_VERSION as CONSENT_VERSION

from . import answers as answer_rules
from . import exports, selectors, services
from .forms import (
    InviteForm,
    QuestionForm,
    ResultsFilterForm,
    SurveyFilterForm,
    SurveyForm,
    TemplateForm,
    parse_answers,
)
from .models import (
    ChangeStatus,
    Invitation,
    ProfileChange,
    ProfileField,
    Question,
    QuestionType,
    Response,
    ResponseStatus,
    Survey,
)
from .template import survey_create_from_template
from .vocab import vocabulary_terms

COOKIE_PREFIX = "zsurvey-"


def _survey_for(request: HttpRequest, pk: int, perm: str = "surveys.change_survey") -> Survey:
    survey = get_object_or_404(Survey.objects.select_related("association"), pk=pk)
    require_perm(request, perm, survey, hide=True)
    return survey


# ---------------------------------------------------------------- lists and builder


def survey_list(request: HttpRequest) -> HttpResponse:
    can_manage = request.user.has_perm("surveys.view_survey_list")
    form = SurveyFilterForm(request.GET or None)
    context: dict[str, Any] = {
        "form": form,
        "can_manage": can_manage,
        "open_surveys": selectors.open_surveys(timezone.localdate()),
    }
    if can_manage:
        q = state = ""
        if form.is_valid():
            q, state = form.cleaned_data["q"], form.cleaned_data["state"]
        context["page"] = paginate(
            request, selectors.survey_list(user=request.user, q=q, state=state)
        )
        if request.user.has_perm("surveys.review_profilechange"):
            context["pending_changes"] = selectors.pending_change_count()
    return render(request, "surveys/survey_list.html", context)


def survey_create(request: HttpRequest) -> HttpResponse:
    require_perm(request, "surveys.add_survey")
    form = SurveyForm(request.POST or None, user=request.user)
    template_form = TemplateForm(user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(actor=request.user, **form.service_kwargs())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Анкета создана. Добавьте вопросы."))
            return redirect(survey)
    return render(
        request,
        "surveys/survey_form.html",
        {"form": form, "survey": None, "template_form": template_form},
    )


@require_POST
def survey_create_template(request: HttpRequest) -> HttpResponse:
    require_perm(request, "surveys.add_survey")
    form = TemplateForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Выберите землячество, для которого создаётся анкета."))
        return redirect("surveys:survey_create")
    survey = survey_create_from_template(
        actor=request.user,
        association=form.cleaned_data["association"],
        mode=form.cleaned_data["mode"],
    )
    messages.success(request, _("Анкета создана по образцу. Проверьте вопросы и опубликуйте её."))
    return redirect(survey)


def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey_for(request, pk)
    questions = selectors.survey_questions(survey)
    pages: dict[int, list[Question]] = {}
    for q in questions:
        pages.setdefault(q.page, []).append(q)
    titles = survey.page_titles or []
    return render(
        request,
        "surveys/survey_detail.html",
        {
            "survey": survey,
            "pages": [
                (n, titles[n - 1] if n - 1 < len(titles) else "", qs)
                for n, qs in sorted(pages.items())
            ],
            "question_count": len(questions),
            "answered": services.has_answers(survey),
            "submitted": selectors.submitted_responses(survey).count(),
            "public_link": absolute_url(survey.public_url()),
        },
    )


def survey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey_for(request, pk)
    form = SurveyForm(request.POST or None, instance=survey, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_update(actor=request.user, survey=survey, **form.service_kwargs())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Изменения сохранены."))
            return redirect("surveys:survey_detail", pk=survey.pk)
    survey.refresh_from_db()
    return render(request, "surveys/survey_form.html", {"form": form, "survey": survey})


@require_POST
def survey_duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey_for(request, pk)
    copy = services.survey_duplicate(actor=request.user, survey=survey)
    messages.success(request, _("Создана копия анкеты (не опубликована)."))
    return redirect(copy)


@require_POST
def survey_delete(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey_for(request, pk, "surveys.delete_survey")
    try:
        services.survey_delete(actor=request.user, survey=survey)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(survey)
    messages.success(request, _("Анкета удалена."))
    return redirect("surveys:survey_list")


def question_create(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey_for(request, pk)
    initial = {"page": request.GET.get("page", 1), "type": QuestionType.SHORT_TEXT}
    form = QuestionForm(request.POST or None, survey=survey, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_create(actor=request.user, survey=survey, **form.service_kwargs())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Вопрос добавлен."))
            return redirect("surveys:survey_detail", pk=survey.pk)
    return render(
        request, "surveys/question_form.html", {"form": form, "survey": survey, "question": None}
    )


def question_edit(request: HttpRequest, pk: int, qid: int) -> HttpResponse:
    survey = _survey_for(request, pk)
    question = get_object_or_404(Question, pk=qid, survey=survey)
    form = QuestionForm(request.POST or None, instance=question, survey=survey)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_update(actor=request.user, question=question, **form.service_kwargs())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Вопрос сохранён."))
            return redirect("surveys:survey_detail", pk=survey.pk)
    question.refresh_from_db()
    return render(
        request,
        "surveys/question_form.html",
        {"form": form, "survey": survey, "question": question},
    )


@require_POST
def question_delete(request: HttpRequest, pk: int, qid: int) -> HttpResponse:
    survey = _survey_for(request, pk)
    question = get_object_or_404(Question, pk=qid, survey=survey)
    try:
        services.question_delete(actor=request.user, question=question)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Вопрос удалён."))
    return redirect("surveys:survey_detail", pk=survey.pk)


@require_POST
def question_move(request: HttpRequest, pk: int, qid: int) -> HttpResponse:
    survey = _survey_for(request, pk)
    question = get_object_or_404(Question, pk=qid, survey=survey)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        raise Http404
    try:
        services.question_move(actor=request.user, question=question, direction=direction)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(reverse("surveys:survey_detail", kwargs={"pk": survey.pk}) + f"#q{qid}")


# ---------------------------------------------------------------- answering


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


def answer_personal(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_by_token(token)
    if invitation is None:
        raise Http404
    response = Response.objects.filter(invitation=invitation).first()
    base_url = reverse("surveys:answer_personal", kwargs={"token": token})
    return _answer(
        request, invitation.survey, response=response, invitation=invitation, base_url=base_url
    )


# ---------------------------------------------------------------- results and exports


def _filters(request: HttpRequest, survey: Survey) -> tuple[ResultsFilterForm, dict[str, Any], str]:
    form = ResultsFilterForm(request.GET or None, survey=survey)
    filters: dict[str, Any] = {}
    query = ""
    if form.is_valid():
        filters = {
            "association": form.cleaned_data["association"],
            "region": form.cleaned_data["region"],
        }
        query = form.cleaned_data["q"]
    return form, filters, query


def survey_results(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey_for(request, pk, "surveys.view_results")
    form, filters, query = _filters(request, survey)
    total, results = selectors.survey_results(survey, text_query=query, **filters)
    return render(
        request,
        "surveys/survey_results.html",
        {
            "survey": survey,
            "form": form,
            "total": total,
            "results": [(r, exports.chart_for(r)) for r in results],
            "rates": selectors.response_rates(survey) if survey.is_personal else [],
            "query": query,
            "export_query": request.GET.urlencode(),
        },
    )


def _log_export(request: HttpRequest, survey: Survey, fmt: str, rows: int) -> None:
    if not survey.is_personal:
        return
    from zemlyaki.people.services import access_log

    access_log(
        user=request.user,
        action="export",
        query={"survey": survey.pk, "format": fmt},
        rows=rows,
        association=survey.association,
    )


def survey_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    survey = _survey_for(request, pk, "surveys.export_results")
    _form, filters, _query = _filters(request, survey)
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    name = f"anketa-{survey.pk}-{stamp}"
    if fmt == "xlsx":
        content = exports.answers_xlsx(survey, **filters)
        ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "csv":
        content = exports.answers_csv(survey, **filters)
        ctype = "text/csv; charset=utf-8"
    elif fmt == "pdf":
        content = exports.results_pdf(survey, **filters)
        ctype = "application/pdf"
    else:
        raise Http404
    _log_export(request, survey, fmt, selectors.submitted_responses(survey, **filters).count())
    result = HttpResponse(content, content_type=ctype)
    result["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return result


# ---------------------------------------------------------------- invitations


def _persons_for(form: InviteForm, user: Any) -> tuple[list[Any], Any]:
    from django.db.models import Prefetch

    from zemlyaki.people.models import Membership, Person

    source = form.cleaned_data["source"]
    memberships = Prefetch(
        "memberships", queryset=Membership.objects.select_related("association").order_by("pk")
    )
    if source == "association":
        association = form.cleaned_data["association"]
        qs = Person.objects.filter(memberships__association=association, erased_at__isnull=True)
        return list(qs.prefetch_related(memberships).order_by("pk").distinct()), association
    if source == "body":
        body = form.cleaned_data["body"]
        qs = Person.objects.filter(body_memberships__body=body, erased_at__isnull=True)
        return list(qs.prefetch_related(memberships).order_by("pk").distinct()), None
    from zemlyaki.people.selectors import person_search

    found, _terms = person_search(user=user, q=form.cleaned_data["q"])
    return list(found.prefetch_related(memberships)[:2000]), None


def survey_invitations(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey_for(request, pk, "surveys.invite")
    form = InviteForm(request.POST or None, user=request.user, survey=survey)
    if request.method == "POST" and form.is_valid():
        persons, association = _persons_for(form, request.user)
        try:
            stats = services.invitations_send(
                actor=request.user,
                survey=survey,
                persons=persons,
                association=association,
                base_url=site_url(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "Отправлено приглашений: %(sent)s; уже приглашены: %(already)s; без адреса: %(no_email)s."
                )
                % stats,
            )
            return redirect("surveys:survey_invitations", pk=survey.pk)
    page = paginate(request, selectors.invitation_list(survey), per_page=50)
    return render(
        request,
        "surveys/survey_invitations.html",
        {"survey": survey, "form": form, "page": page, "rates": selectors.response_rates(survey)},
    )


@require_POST
def survey_remind(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey_for(request, pk, "surveys.invite")
    try:
        count = services.invitations_remind(actor=request.user, survey=survey, base_url=site_url())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Отправлено напоминаний: %(n)s.") % {"n": count})
    return redirect("surveys:survey_invitations", pk=survey.pk)


# ---------------------------------------------------------------- profile changes


def change_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, "surveys.review_profilechange")
    status = request.GET.get("status", ChangeStatus.PENDING)
    if status not in ChangeStatus.values and status != "all":
        status = ChangeStatus.PENDING
    qs = selectors.profile_change_list(status="" if status == "all" else status)
    return render(
        request,
        "surveys/change_list.html",
        {"page": paginate(request, qs), "status": status, "statuses": ChangeStatus.choices},
    )


def change_detail(request: HttpRequest, change_id: int) -> HttpResponse:
    require_perm(request, "surveys.review_profilechange")
    change = get_object_or_404(
        ProfileChange.objects.select_related("response__survey", "person", "association"),
        pk=change_id,
    )
    from zemlyaki.people.services import person_find_match

    data = change.data
    match, reason = (change.person, "invitation") if change.person else (None, "")
    if match is None:
        match, reason = person_find_match(
            last_name=data.get("last_name", ""),
            first_name=data.get("first_name", ""),
            patronymic=data.get("patronymic", ""),
            birth_date=_parse_iso(data.get("birth_date")),
            phone=data.get("phone", ""),
            email=data.get("email", ""),
        )
    rows = _change_rows(change, match)
    return render(
        request,
        "surveys/change_detail.html",
        {"change": change, "match": match, "reason": reason, "rows": rows},
    )


def _parse_iso(value: Any) -> Any:
    import datetime

    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _change_rows(change: ProfileChange, person: Any) -> list[tuple[str, Any, Any]]:
    from zemlyaki.core.models import Region

    from .vocab import vocabulary_names

    labels = dict(ProfileField.choices)
    rows = []
    for key, value in change.data.items():
        if key == "consent":
            continue
        shown = value
        current: Any = getattr(person, key, "") if person is not None else ""
        if key in ("competencies", "interests"):
            kind = QuestionType.COMPETENCIES if key == "competencies" else QuestionType.INTERESTS
            ids = [v for v in value if isinstance(v, int)]
            shown = ", ".join(
                vocabulary_names(kind, ids) + [v for v in value if isinstance(v, str)]
            )
            current = ", ".join(str(t) for t in getattr(person, key).all()) if person else ""
        elif key == "home_region":
            shown = Region.objects.filter(code=value).first() or value
        elif key == "show_as_expert":
            shown = _("да") if value else _("нет")
            current = (_("да") if current else _("нет")) if person is not None else ""
        elif key == "birth_date" and value:
            parsed = _parse_iso(value)
            shown = parsed.strftime("%d.%m.%Y") if parsed else value
            current = current.strftime("%d.%m.%Y") if current else ""
        rows.append((str(labels.get(key, key)), current or "", shown))
    return rows


@require_POST
def change_decide(request: HttpRequest, change_id: int) -> HttpResponse:
    require_perm(request, "surveys.review_profilechange")
    change = get_object_or_404(ProfileChange, pk=change_id)
    decision = request.POST.get("decision")
    try:
        if decision == "accept":
            on_match = request.POST.get("on_match", "fill")
            if on_match not in ("fill", "update"):
                raise PermissionDenied
            person = services.profile_change_accept(
                actor=request.user, change=change, on_match=on_match
            )
            messages.success(
                request, _("Изменение принято: профиль «%(p)s» обновлён.") % {"p": person}
            )
        elif decision == "reject":
            services.profile_change_reject(
                actor=request.user, change=change, note=request.POST.get("note", "")
            )
            messages.success(request, _("Изменение отклонено."))
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("surveys:change_list")
