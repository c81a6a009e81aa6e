"""The practices library and the help desk."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zemlyaki.core.errors import Invalid, add_to_form
from zemlyaki.core.security import client_address, client_key
from zemlyaki.core.views_utils import paginate, require_perm
from zemlyaki.reports.models import ReportFinding

from . import selectors, services
from .forms import (
    AnswerForm,
    AssignForm,
    FeedbackForm,
    PracticeFilterForm,
    PracticeForm,
    QuestionForm,
)
from .models import Question, QuestionKind
from .services.helpdesk import RateLimited, question_by_token


def practice_list(request: HttpRequest) -> HttpResponse:
    form = PracticeFilterForm(request.GET or None)
    filters: dict[str, Any] = {"q": "", "direction": "", "region": ""}
    if form.is_valid():
        filters.update({k: v or "" for k, v in form.cleaned_data.items()})
    page = paginate(request, selectors.practice_list(user=request.user, **filters))
    return render(request, "portal/practice_list.html", {"form": form, "page": page})


def practice_candidates(request: HttpRequest) -> HttpResponse:
    require_perm(request, "portal.manage_practices")
    page = paginate(request, selectors.practice_candidates(), per_page=30)
    return render(request, "portal/practice_candidates.html", {"page": page})


@require_POST
def practice_accept(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "portal.manage_practices")
    finding = get_object_or_404(ReportFinding.objects.select_related("report"), pk=pk)
    services.practice_accept(actor=request.user, finding=finding)
    messages.success(request, _("Практика добавлена в библиотеку."))
    return redirect("portal:practice_candidates")


def practice_create(request: HttpRequest) -> HttpResponse:
    require_perm(request, "portal.manage_practices")
    form = PracticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.practice_create(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Практика добавлена в библиотеку."))
        return redirect("portal:practice_list")
    return render(request, "portal/practice_form.html", {"form": form})


def help_desk(request: HttpRequest) -> HttpResponse:
    initial: dict[str, Any] = {}
    if request.user.is_authenticated:
        initial = {"name": request.user.get_full_name(), "email": request.user.email}
    form = QuestionForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if data.pop("website", ""):
            # The honeypot was filled: answer as if accepted, keep nothing.
            return redirect("portal:help_thanks")
        try:
            services.question_ask(
                actor=request.user,
                client_key=client_key(client_address(request)),
                **data,
            )
        except RateLimited as error:
            form.add_error(None, error.message)
            status = 429
        except Invalid as error:
            add_to_form(form, error)
        else:
            return redirect("portal:help_thanks")
    faq = selectors.faq()[:50]
    return render(request, "portal/help.html", {"form": form, "faq": faq}, status=status)


def help_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/help_thanks.html")


def question_queue(request: HttpRequest) -> HttpResponse:
    require_perm(request, "portal.manage_questions")
    page = paginate(request, selectors.question_queue(), per_page=30)
    return render(request, "portal/question_queue.html", {"page": page})


def question_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "portal.manage_questions")
    question = get_object_or_404(Question.objects.select_related("expert", "topic"), pk=pk)
    form = AssignForm(request.POST or None)
    if request.method == "POST" and "publish" in request.POST:
        services.question_publish(
            actor=request.user, question=question, public=request.POST["publish"] == "1"
        )
        messages.success(request, _("Сохранено."))
        return redirect("portal:question_detail", pk=question.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_assign(
                actor=request.user, question=question, expert=form.cleaned_data["expert"]
            )
        except Invalid as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Вопрос передан эксперту, ему отправлено письмо."))
            return redirect("portal:question_detail", pk=question.pk)
    return render(request, "portal/question_detail.html", {"question": question, "form": form})


def question_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The expert's page, reached by the personal link from the mail."""
    question = question_by_token(token)
    if question is None:
        raise Http404
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_answer(
                question=question, answer=form.cleaned_data["answer"], actor=request.user
            )
        except Invalid as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Ответ отправлен автору вопроса. Спасибо!"))
            return redirect("portal:help")
    return render(request, "portal/question_answer.html", {"question": question, "form": form})


def feedback(request: HttpRequest) -> HttpResponse:
    """Feedback about the site: rate-limited per client with the help desk's limit, a
    honeypot field, no outside captcha; it lands in the coordinator's queue."""
    form = FeedbackForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if data.pop("website", ""):
            return redirect("portal:feedback_thanks")
        try:
            services.question_ask(
                actor=request.user, client_key=client_key(client_address(request)),
                kind=QuestionKind.FEEDBACK, **data,
            )  # fmt: skip
        except RateLimited as error:
            form.add_error(None, error.message)
            status = 429
        except Invalid as error:
            add_to_form(form, error)
        else:
            return redirect("portal:feedback_thanks")
    return render(request, "portal/feedback.html", {"form": form}, status=status)


def feedback_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/feedback_thanks.html")
