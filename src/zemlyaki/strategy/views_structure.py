"""Pages of a document's outline (add, rename, reorder, remove sections) and the history
of a document and of a section."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zemlyaki.core.errors import Conflict, add_to_form, refusal_text
from zemlyaki.core.selectors import audit_entries_for
from zemlyaki.core.views_utils import paginate, require_perm

from . import selectors, structure
from .models import Document, Section
from .structure_forms import SectionAddForm, SectionRenameForm


def _document(request: HttpRequest, pk: int) -> Document:
    document = get_object_or_404(Document, pk=pk)
    require_perm(request, "strategy.view_document", document, hide=True)
    require_perm(request, "strategy.change_structure", document)
    return document


def _section(request: HttpRequest, pk: int) -> Section:
    try:
        section = selectors.section_get(pk)
    except Section.DoesNotExist:
        raise Http404 from None
    require_perm(request, "strategy.view_section", section, hide=True)
    require_perm(request, "strategy.change_structure", section.document)
    return section


def _to_outline(section: Section) -> HttpResponse:
    url = reverse("strategy:document_outline", kwargs={"pk": section.document_id})
    return redirect(f"{url}#outline-{section.pk}")


def document_outline(request: HttpRequest, pk: int) -> HttpResponse:
    """The outline editor: the sections in order with their actions, and a new section."""
    document = _document(request, pk)
    outline = selectors.outline(document)
    form = SectionAddForm(request.POST or None, sections=[s for s, _level in outline])
    if request.method == "POST" and form.is_valid():
        try:
            section = structure.section_add(
                actor=request.user,
                document=document,
                title=form.cleaned_data["title"],
                guidance=form.cleaned_data["guidance"],
                parent=form.cleaned_data["parent"],
            )
        except (ValidationError, Conflict) as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Раздел «%(title)s» добавлен.") % {"title": section.title})
            return _to_outline(section)
    return render(
        request,
        "strategy/document_outline.html",
        {
            "document": document,
            "outline": outline,
            "form": form,
            "retired": selectors.retired_sections(document),
        },
        status=422 if form.errors else 200,
    )


@require_POST
def section_move(request: HttpRequest, pk: int) -> HttpResponse:
    section = _section(request, pk)
    offset = -1 if request.POST.get("direction") == "up" else 1
    try:
        structure.section_move(actor=request.user, section=section, offset=offset)
    except (Conflict, ValidationError) as error:
        messages.error(request, refusal_text(error))
    return _to_outline(section)


@require_POST
def document_reorder(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole order of one level at once: ``order`` lists the section ids."""
    document = _document(request, pk)
    parent = None
    if request.POST.get("parent"):
        parent = get_object_or_404(Section, pk=request.POST["parent"], document=document)
    try:
        structure.section_reorder(
            actor=request.user,
            document=document,
            parent=parent,
            order=request.POST.getlist("order"),  # type: ignore[arg-type]  # checked by the service
        )
    except (Conflict, ValidationError) as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, _("Порядок разделов сохранён."))
    return redirect("strategy:document_outline", pk=document.pk)


def section_rename(request: HttpRequest, pk: int) -> HttpResponse:
    section = _section(request, pk)
    form = SectionRenameForm(
        request.POST or None, initial={"title": section.title, "guidance": section.guidance}
    )
    if request.method == "POST" and form.is_valid():
        try:
            structure.section_rename(actor=request.user, section=section, **form.cleaned_data)
        except (ValidationError, Conflict) as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Раздел переименован."))
            return _to_outline(section)
    return render(
        request,
        "strategy/section_rename.html",
        {"section": section, "document": section.document, "form": form},
        status=422 if form.errors else 200,
    )


@require_POST
def section_remove(request: HttpRequest, pk: int) -> HttpResponse:
    section = _section(request, pk)
    try:
        retired = structure.section_remove(actor=request.user, section=section)
    except Conflict as error:
        messages.error(request, refusal_text(error))
        return _to_outline(section)
    if retired:
        messages.success(
            request,
            _(
                "Раздел «%(title)s» выведен из структуры и сохранён вместе с историей: "
                "его текст уже согласовывали или утверждали либо его обсуждали на мероприятии."
            )
            % {"title": section.title},
        )
    else:
        messages.success(request, _("Раздел «%(title)s» удалён.") % {"title": section.title})
    return redirect("strategy:document_outline", pk=section.document_id)


# ------------------------------------------------------------------ history


def document_history(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(Document, pk=pk)
    require_perm(request, "strategy.view_document", document, hide=True)
    require_perm(request, "strategy.view_history", document)
    page = paginate(request, audit_entries_for(document), per_page=50)
    return render(request, "core/audit_list.html", {"object": document, "page": page})


def section_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Revisions, status changes and the audit log of a section, in any state: everyone
    who reads the document reads its history."""
    try:
        section = selectors.section_get(pk)
    except Section.DoesNotExist:
        raise Http404 from None
    require_perm(request, "strategy.view_section", section, hide=True)
    require_perm(request, "strategy.view_history", section)
    page = paginate(request, audit_entries_for(section), per_page=50)
    return render(
        request,
        "strategy/section_history.html",
        {"section": section, "document": section.document, "page": page,
         **selectors.section_history(section)},
    )  # fmt: skip
