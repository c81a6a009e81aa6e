"""Pages of the standard: criteria, an assessment (one criterion at a time), the review
queue, the ranking and an association's history."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.core.views_utils import apply_validation_error, paginate, require_perm
from zemlyaki.registry.models import Association

from . import selectors
from .answers import (
    StaleReview,
    answer_editable,
    answer_reply,
    answer_review,
    assessment_submit,
    assessment_update_answers,
    deadline_for,
    evidence_add,
    evidence_remove,
)
from .charts import ranking_svg
from .forms import AnswerForm, EvidenceForm, ReplyForm, ReviewForm, StartForm
from .models import Block, Campaign
from .scoring import percent
from .services import assessment_refresh_checks, assessment_start


def criteria(request: HttpRequest) -> HttpResponse:
    require_perm(request, "standard.view_version")
    version = selectors.version_in_force()
    groups = selectors.criteria_by_block(version) if version else []
    return render(request, "standard/criteria.html", {"version": version, "groups": groups})


def assessment_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, "standard.view_version")
    user = request.user
    led = (
        Association.objects.filter(leaders=user)
        if user.is_authenticated
        else Association.objects.none()
    )
    form = StartForm(
        request.POST or None,
        associations=led,
        initial={"year": timezone.localdate().year},
    )
    if request.method == "POST" and form.is_valid():
        association = form.cleaned_data["association"]
        require_perm(request, "standard.start_assessment", association)
        try:
            assessment = assessment_start(
                actor=user, association=association, year=form.cleaned_data["year"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return redirect("standard:assessment", pk=assessment.pk)
    visible = [
        a for a in selectors.assessment_list() if user.has_perm("standard.view_assessment", a)
    ]
    return render(
        request,
        "standard/assessment_list.html",
        {"page": paginate(request, visible), "form": form if led.exists() else None},
    )


def _evidence_form(assessment: Any, *args: Any) -> EvidenceForm:
    return EvidenceForm(*args, association=assessment.association, year=assessment.year)


def _int(value: Any) -> int:
    text = str(value or "")
    return int(text) if text.isdigit() and len(text) < 19 else 0


def _criterion_index(request: HttpRequest, count: int) -> int:
    try:
        index = int(request.GET.get("c") or request.POST.get("c") or 1)
    except ValueError:
        index = 1
    return min(max(index, 1), max(count, 1))


def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_with_answers(pk)
    if assessment is None:
        raise Http404
    require_perm(request, "standard.view_assessment", assessment, hide=True)
    answers = list(assessment.answers.all())
    index = _criterion_index(request, len(answers))
    answer = answers[index - 1] if answers else None
    here = reverse("standard:assessment", args=[pk]) + f"?c={index}"
    can_edit = request.user.has_perm("standard.edit_assessment", assessment)
    can_review = request.user.has_perm("standard.review_assessment", assessment)
    forms: dict[str, Any] = {}
    if answer is not None:
        initial = {
            "value": "" if answer.value is None else _plain(answer.value),
            "comment": answer.comment,
        }
        forms = {
            "answer_form": AnswerForm(criterion=answer.criterion, initial=initial),
            "evidence_form": _evidence_form(assessment),
            "reply_form": ReplyForm(),
            "review_form": ReviewForm(initial={"revision": answer.revision}),
        }
    submit_errors: list[str] = []
    if request.method == "POST" and answer is not None:
        action = request.POST.get("action", "")
        user = request.user
        form: Any
        try:
            if action in ("save", "evidence", "remove_evidence", "reply", "submit", "refresh"):
                require_perm(request, "standard.edit_assessment", assessment)
            if action == "save":
                form = AnswerForm(request.POST, criterion=answer.criterion)
                forms["answer_form"] = form
                if form.is_valid():
                    assessment_update_answers(
                        actor=user,
                        assessment=assessment,
                        answers=[{"criterion": answer.criterion_id, **form.cleaned_data}],
                    )
                    messages.success(request, _("Ответ сохранён."))
                    nxt = min(index + 1, len(answers))
                    return redirect(reverse("standard:assessment", args=[pk]) + f"?c={nxt}")
            elif action == "evidence":
                form = _evidence_form(assessment, request.POST, request.FILES)
                forms["evidence_form"] = form
                if form.is_valid():
                    evidence_add(
                        actor=user,
                        answer=answer,
                        kind=form.cleaned_data["kind"],
                        file=form.cleaned_data["file"],
                        url=form.cleaned_data["url"] or "",
                        event=form.cleaned_data["event"],
                        report=form.cleaned_data["report"],
                    )
                    messages.success(request, _("Подтверждение добавлено."))
                    return redirect(here)
            elif action == "remove_evidence":
                evidence = get_object_or_404(answer.evidence, pk=_int(request.POST.get("evidence")))
                evidence_remove(actor=user, evidence=evidence)
                messages.success(request, _("Подтверждение убрано."))
                return redirect(here)
            elif action == "reply":
                form = ReplyForm(request.POST)
                forms["reply_form"] = form
                if form.is_valid():
                    answer_reply(actor=user, answer=answer, text=form.cleaned_data["text"])
                    return redirect(here)
            elif action == "refresh":
                assessment_refresh_checks(actor=user, assessment=assessment)
                return redirect(here)
            elif action == "submit":
                assessment_submit(actor=user, assessment=assessment)
                messages.success(request, _("Самооценка представлена."))
                return redirect(here)
            elif action == "review":
                require_perm(request, "standard.review_assessment", assessment)
                form = ReviewForm(request.POST)
                forms["review_form"] = form
                if form.is_valid():
                    answer_review(actor=user, answer=answer, **form.cleaned_data)
                    messages.success(request, _("Решение по критерию записано."))
                    return redirect(
                        reverse("standard:assessment", args=[pk])
                        + f"?c={min(index + 1, len(answers))}"
                    )
        except StaleReview:
            messages.error(
                request,
                _("Ответ изменён после того, как вы его открыли. Посмотрите новую редакцию."),
            )
            return redirect(here)
        except ValidationError as error:
            target = {
                "save": "answer_form",
                "evidence": "evidence_form",
                "reply": "reply_form",
                "review": "review_form",
            }.get(action)
            if target:
                apply_validation_error(forms[target], error)
            else:
                submit_errors = [
                    m
                    for ms in getattr(error, "message_dict", {"": error.messages}).values()
                    for m in ms
                ]
    context = {
        "assessment": assessment,
        "answers": answers,
        "answer": answer,
        "index": index,
        "count": len(answers),
        "can_edit": can_edit,
        "can_edit_answer": can_edit and answer is not None and answer_editable(answer, assessment),
        "can_review": can_review and answer is not None and answer.review_status == "pending",
        "deadline": deadline_for(assessment),
        "submit_errors": submit_errors,
        **forms,
    }
    return render(request, "standard/assessment.html", context)


def _plain(value: Any) -> str:
    text = format(value.normalize(), "f")
    return text


def review_queue(request: HttpRequest) -> HttpResponse:
    require_perm(request, "standard.view_review_queue")
    items = [
        a
        for a in selectors.review_queue()
        if request.user.has_perm("standard.review_assessment", a)
    ]
    return render(request, "standard/review_queue.html", {"page": paginate(request, items)})


def _year(request: HttpRequest) -> Campaign | None:
    """The year asked for, or the latest one whose ranking the user may see (None when
    there is no such year yet)."""
    campaigns = Campaign.objects.all()
    year = request.GET.get("year")
    if year and year.isdigit():
        campaign = campaigns.filter(year=year).first()
        if campaign is None:
            raise Http404
        return campaign
    if not campaigns.exists():
        raise Http404
    return next((c for c in campaigns if request.user.has_perm("standard.view_ranking", c)), None)


def ranking(request: HttpRequest) -> HttpResponse:
    campaign = _year(request)
    if campaign is None:
        # Nothing published yet for this reader: say so, rather than refuse the menu's link.
        require_perm(request, "standard.view_version")
        return render(request, "standard/ranking_unpublished.html")
    require_perm(request, "standard.view_ranking", campaign)
    result = selectors.ranking(campaign.year)
    return render(
        request,
        "standard/ranking.html",
        {
            "campaign": campaign,
            "years": [
                c.year
                for c in Campaign.objects.all()
                if request.user.has_perm("standard.view_ranking", c)
            ],
            "result": result,
            "blocks": [str(b.label) for b in Block],
            "svg": ranking_svg(result["rows"]),
        },
    )


def _may_compare(request: HttpRequest, year: int) -> bool:
    """Other associations' results of a year: for those who may see its ranking."""
    campaign = Campaign.objects.filter(year=year).first()
    return campaign is not None and request.user.has_perm("standard.view_ranking", campaign)


def history(request: HttpRequest, slug: str) -> HttpResponse:
    association = get_object_or_404(Association, slug=slug)
    require_perm(request, "standard.view_history", association)
    rows = selectors.history(association)
    table = [
        {
            "year": row["year"],
            "assessment": row["assessment"],
            "overall": percent(row["overall"]),
            "blocks": [percent(row["blocks"].get(b.value, 0)) for b in Block],
        }
        for row in rows
    ]
    weakest = [(str(Block(b).label), percent(s)) for b, s in selectors.weakest_blocks(association)]
    return render(
        request,
        "standard/history.html",
        {
            "association": association,
            "table": table,
            "blocks": [str(b.label) for b in Block],
            "weakest": weakest,
            "advice": selectors.learn_from_neighbours(
                association, may_compare=lambda year: _may_compare(request, year)
            ),
        },
    )
