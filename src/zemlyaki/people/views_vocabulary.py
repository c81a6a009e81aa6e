"""Pages of the vocabularies of competencies and interests: spheres, terms, merging."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zemlyaki.core.views_utils import apply_validation_error, require_perm

from . import selectors, services
from .forms import (
    MergeForm,
    TermForm,
)


def _vocabulary_model(kind: str) -> Any:
    try:
        return services.term_model(kind)
    except ValueError:
        raise Http404


def vocabulary(request: HttpRequest, kind: str = "competencies") -> HttpResponse:
    require_perm(request, "people.manage_vocabulary")
    model = _vocabulary_model(kind)
    form = TermForm(request.POST or None, model=model)
    if request.method == "POST" and form.is_valid():
        try:
            services.term_create(actor=request.user, kind=kind, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Запись добавлена."))
            return redirect("people:vocabulary", kind=kind)
    context = {
        "kind": kind,
        "form": form,
        "spheres": selectors.vocabulary(model),
        "free": selectors.free_terms(model),
    }
    return render(request, "people/vocabulary.html", context)


def term_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    require_perm(request, "people.manage_vocabulary")
    model = _vocabulary_model(kind)
    term = get_object_or_404(model, pk=pk)
    form = TermForm(
        request.POST or None,
        model=model,
        initial={"name": term.name, "parent": term.parent_id, "synonyms": term.synonyms},
    )
    merge_form = MergeForm(model=model, exclude=term.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.term_update(
                actor=request.user, term=term, is_approved=True, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Запись сохранена."))
            return redirect("people:vocabulary", kind=kind)
    return render(
        request,
        "people/term_form.html",
        {"kind": kind, "term": term, "form": form, "merge_form": merge_form},
    )


@require_POST
def term_merge(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    require_perm(request, "people.manage_vocabulary")
    model = _vocabulary_model(kind)
    term = get_object_or_404(model, pk=pk)
    form = MergeForm(request.POST, model=model, exclude=term.pk)
    if form.is_valid():
        try:
            target = services.term_merge(
                actor=request.user, source=term, target=form.cleaned_data["target"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Объединено с «%(name)s».") % {"name": target.name})
            return redirect("people:vocabulary", kind=kind)
    return redirect("people:term_edit", kind=kind, pk=pk)
