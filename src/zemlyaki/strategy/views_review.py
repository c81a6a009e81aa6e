"""Pages of the review of a section: comments, amendments, the section's transitions
and the positions of the reviewing body."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zemlyaki.core.errors import Conflict, add_to_form, refusal_text
from zemlyaki.core.views_utils import apply_validation_error, require_perm

from . import selectors, services
from .forms import (
    AmendmentForm,
    CommentForm,
    MergeForm,
    PositionForm,
    RejectForm,
    TransitionForm,
)
from .models import Amendment, Comment
from .rules import transition_perm
from .views import _conflict, _detail_with_error, _editor_context, _section


@require_POST
def comment_create(request: HttpRequest, pk: int) -> HttpResponse:
    section = _section(request, pk)
    require_perm(request, "strategy.add_comment", section)
    form = CommentForm(request.POST)
    if form.is_valid():
        parent = None
        if form.cleaned_data["parent"]:
            parent = get_object_or_404(Comment, pk=form.cleaned_data["parent"], section=section)
        try:
            comment = services.comment_create(
                actor=request.user,
                section=section,
                text=form.cleaned_data["text"],
                paragraph=form.cleaned_data["paragraph"],
                parent=parent,
                mentions=form.cleaned_data["mentions"],
            )
        except (ValidationError, Conflict) as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Замечание добавлено."))
            url = reverse("strategy:section_detail", kwargs={"pk": section.pk})
            return redirect(f"{url}#comment-{comment.pk}")
    return _detail_with_error(request, section, comment_form=form)


@require_POST
def comment_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(Comment.objects.select_related("section"), pk=pk)
    _section(request, comment.section_id)
    require_perm(request, "strategy.resolve_comment", comment)
    try:
        services.comment_resolve(actor=request.user, comment=comment)
    except Conflict as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, _("Замечание снято."))
    return redirect("strategy:section_detail", pk=comment.section_id)


@require_POST
def amendment_create(request: HttpRequest, pk: int) -> HttpResponse:
    section = _section(request, pk)
    require_perm(request, "strategy.propose_amendment", section)
    form = AmendmentForm(request.POST)
    if form.is_valid():
        try:
            services.amendment_create(actor=request.user, section=section, **form.cleaned_data)
        except services.WorkflowError as error:  # the state: 409 with the reason, as the API
            return _detail_with_error(request, section, status=409, error=error.message)
        except (ValidationError, Conflict) as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Поправка внесена."))
            return redirect("strategy:section_detail", pk=section.pk)
    return _detail_with_error(request, section, amendment_form=form)


def _amendment(request: HttpRequest, pk: int) -> Amendment:
    amendment = get_object_or_404(Amendment.objects.select_related("section"), pk=pk)
    _section(request, amendment.section_id)
    require_perm(request, "strategy.decide_amendment", amendment)
    return amendment


@require_POST
def amendment_accept(request: HttpRequest, pk: int) -> HttpResponse:
    amendment = _amendment(request, pk)
    try:
        services.amendment_accept(actor=request.user, amendment=amendment)
    except Conflict as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, _("Поправка принята: текст раздела изменён."))
    return redirect("strategy:section_detail", pk=amendment.section_id)


@require_POST
def amendment_reject(request: HttpRequest, pk: int) -> HttpResponse:
    amendment = _amendment(request, pk)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            services.amendment_reject(
                actor=request.user, amendment=amendment, reason=form.cleaned_data["reason"]
            )
        except Conflict as error:
            messages.error(request, refusal_text(error))
        else:
            messages.success(request, _("Поправка отклонена."))
    else:
        messages.error(request, _("Укажите причину отклонения."))
    return redirect("strategy:section_detail", pk=amendment.section_id)


def amendment_merge(request: HttpRequest, pk: int) -> HttpResponse:
    amendment = _amendment(request, pk)
    section = selectors.section_get(amendment.section_id)
    form = MergeForm(
        request.POST or None,
        initial={"text": section.text, "base_revision": section.current_revision_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.amendment_merge(
                actor=request.user,
                amendment=amendment,
                text=form.cleaned_data["text"],
                base_revision=form.cleaned_data["base_revision"],
            )
        except services.StaleRevision as error:
            return _conflict(request, section, error)
        except Conflict as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Поправка учтена вручную."))
            return redirect("strategy:section_detail", pk=section.pk)
    return render(
        request,
        "strategy/amendment_merge.html",
        _editor_context(section, form, amendment=amendment),
    )


@require_POST
def section_transition(request: HttpRequest, pk: int) -> HttpResponse:
    section = _section(request, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return _detail_with_error(request, section, transition_form=form)
    to = form.cleaned_data["to"]
    require_perm(request, transition_perm(to), section)
    try:
        services.section_transition(
            actor=request.user,
            section=section,
            to=to,
            comment=form.cleaned_data["comment"],
            deadline=form.cleaned_data["deadline"],
        )
    except services.WorkflowError as error:
        return _detail_with_error(request, section, status=409, error=error.message)
    except ValidationError as error:
        apply_validation_error(form, error)
        return _detail_with_error(request, section, transition_form=form)
    messages.success(request, _("Статус раздела изменён."))
    return redirect("strategy:section_detail", pk=section.pk)


@require_POST
def position_record(request: HttpRequest, pk: int) -> HttpResponse:
    section = _section(request, pk)
    require_perm(request, "strategy.record_position", section)
    form = PositionForm(request.POST)
    if form.is_valid():
        try:
            services.position_record(actor=request.user, section=section, **form.cleaned_data)
        except (ValidationError, Conflict) as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Позиция записана."))
            return redirect("strategy:section_detail", pk=section.pk)
    return _detail_with_error(request, section, position_form=form)
