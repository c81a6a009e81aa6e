"""Pages of the questionnaires: lists, the builder and invitations (answering is in
``views_answer``, results and exports in ``views_results``, profile changes in
``views_changes``). Views parse input, check permission and call services or selectors."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zemlyaki.core.urls_public import absolute_url, site_url
from zemlyaki.core.views_utils import apply_validation_error, paginate, require_perm

from . import selectors, services
from .forms import (
    InviteForm,
    QuestionForm,
    SurveyFilterForm,
    SurveyForm,
    TemplateForm,
)
from .models import (
    Question,
    QuestionType,
    Survey,
)
from .template import survey_create_from_template


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


# ---------------------------------------------------------------- invitations


def survey_invitations(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey_for(request, pk, "surveys.invite")
    form = InviteForm(request.POST or None, user=request.user, survey=survey)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        persons, association = selectors.invitation_recipients(
            user=request.user,
            source=data["source"],
            association=data["association"],
            body=data["body"],
            q=data["q"],
        )
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
