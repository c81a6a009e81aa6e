from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zemlyaki.core.errors import Conflict, add_to_form, refusal_text
from zemlyaki.core.protected_files import Download, send
from zemlyaki.core.views_utils import apply_validation_error, paginate, require_perm
from zemlyaki.events.selectors import meetings_discussing

from . import assembly, exports, inserts, markup, selectors, services
from .forms import (
    AmendmentForm,
    CommentForm,
    DocumentFilterForm,
    DocumentForm,
    PositionForm,
    RejectForm,
    SectionSettingsForm,
    SectionTextForm,
    TransitionForm,
)
from .models import Document, Revision, Section
from .rules import available_transitions

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# ------------------------------------------------------------------ documents


def document_list(request: HttpRequest) -> HttpResponse:
    form = DocumentFilterForm(request.GET or None)
    q = kind = ""
    if form.is_valid():
        q, kind = form.cleaned_data["q"], form.cleaned_data["kind"]
    page = paginate(request, selectors.document_list(user=request.user, q=q, kind=kind))
    return render(request, "strategy/document_list.html", {"form": form, "page": page})


def document_create(request: HttpRequest) -> HttpResponse:
    require_perm(request, "strategy.add_document")
    form = DocumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Документ создан."))
            return redirect("strategy:document_detail", pk=document.pk)
    return render(request, "strategy/document_form.html", {"form": form, "document": None})


def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(Document, pk=pk)
    require_perm(request, "strategy.change_document", document)
    form = DocumentForm(request.POST or None, instance=document)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_update(actor=request.user, document=document, **form.cleaned_data)
        except (ValidationError, Conflict) as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Изменения сохранены."))
            return redirect("strategy:document_detail", pk=document.pk)
    document.refresh_from_db()
    return render(request, "strategy/document_form.html", {"form": form, "document": document})


def _internal_document(request: HttpRequest, pk: int) -> Document:
    document = get_object_or_404(Document.objects.select_related("reviewing_body"), pk=pk)
    require_perm(request, "strategy.view_document", document, hide=True)
    return document


def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The dashboard: each section's owner, status, comments, amendments, positions, deadline."""
    document = _internal_document(request, pk)
    sections = selectors.section_rows(document)
    context = {
        "document": document,
        "sections": sections,
        "overdue": selectors.overdue(sections),
        "version": selectors.approved_version(document),
        "retired": selectors.retired_sections(document),
    }
    return render(request, "strategy/document_detail.html", context)


def document_assembled(request: HttpRequest, pk: int) -> HttpResponse:
    document = _internal_document(request, pk)
    doc = assembly.with_html(assembly.assemble(document))
    return render(
        request,
        "strategy/document_assembled.html",
        {"document": document, "doc": doc, "status_line": assembly.status_line(doc)},
    )


def _export_response(assembled: dict[str, Any], slug: str, fmt: str) -> HttpResponse:
    if fmt == "docx":
        data, content_type = exports.to_docx(assembled), DOCX_TYPE
    else:
        data, content_type = exports.to_pdf(assembled), "application/pdf"
    response = HttpResponse(data, content_type=content_type)
    filename = exports.export_filename(assembled, fmt, slug)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def document_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    document = _internal_document(request, pk)
    return _export_response(assembly.assemble(document), document.slug, fmt)


# ------------------------------------------------------------------ public


def public_document(request: HttpRequest, slug: str) -> HttpResponse:
    """The approved version at a stable address, for everyone."""
    try:
        document, version = selectors.public_document(slug)
    except Document.DoesNotExist:
        raise Http404 from None
    doc = assembly.with_html(assembly.from_version(version))
    return render(
        request,
        "strategy/document_public.html",
        {"document": document, "version": version, "doc": doc,
         "status_line": assembly.status_line(doc)},
    )  # fmt: skip


def public_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponseBase:
    try:
        document, version = selectors.public_document(slug)
    except Document.DoesNotExist:
        raise Http404 from None
    stored = version.docx_file if fmt == "docx" else version.pdf_file
    if not stored:
        services.version_publish_files(version)
        stored = version.docx_file if fmt == "docx" else version.pdf_file
    filename = exports.export_filename(assembly.from_version(version), fmt, document.slug)
    return send(Download(stored, filename=filename))


# ------------------------------------------------------------------ sections


def _section(request: HttpRequest, pk: int) -> Section:
    try:
        section = selectors.section_get(pk)
    except Section.DoesNotExist:
        raise Http404 from None
    require_perm(request, "strategy.view_section", section, hide=True)
    return section


def _detail_context(request: HttpRequest, section: Section, **forms: Any) -> dict[str, Any]:
    user = request.user
    can_comments = user.has_perm("strategy.view_comments", section)
    review = selectors.current_round(section)
    text_html = markup.render(
        section.text, inserts=inserts.html_map(inserts.resolve(markup.markers(section.text)))
    )
    paragraphs = markup.blocks(section.text)
    tally = services.round_tally(review) if review else None
    context = {
        "section": section,
        "document": section.document,
        "text_html": text_html,
        "paragraphs": paragraphs,
        "threads": selectors.comment_threads(section) if can_comments else [],
        "amendments": selectors.amendment_list(section) if can_comments else [],
        "can_comments": can_comments,
        # asked once per page, not once per comment or amendment
        "can_resolve_all": user.has_perm("strategy.draft_section", section)
        or user.has_perm("strategy.change_section_settings", section),
        "can_decide": user.has_perm("strategy.draft_section", section)
        and section.status in services.AMENDABLE,
        "can_reply": user.has_perm("strategy.add_comment", section),
        "review": review,
        "members": selectors.round_members(review) if review else [],
        "tally": tally,
        "transitions": [(to, _label(to)) for to in available_transitions(user, section)],
        "deadline": services.section_deadline(section),
        "meetings": meetings_discussing(section, user=user),
        "comment_form": forms.get("comment_form") or CommentForm(),
        "amendment_form": forms.get("amendment_form") or AmendmentForm(),
        "position_form": forms.get("position_form") or PositionForm(),
        "transition_form": forms.get("transition_form") or TransitionForm(),
        "reject_form": RejectForm(),
        "error": forms.get("error"),
    }
    return context


def _label(to: str) -> str:
    from .models import SectionStatus

    labels: dict[str, str] = {
        SectionStatus.REVIEW: _("Направить на рассмотрение"),
        SectionStatus.REWORK: _("Вернуть на доработку"),
        SectionStatus.AGREED: _("Признать согласованным"),
    }
    return labels.get(to, str(SectionStatus(to).label))


def section_detail(request: HttpRequest, pk: int) -> HttpResponse:
    section = _section(request, pk)
    return render(request, "strategy/section_detail.html", _detail_context(request, section))


def _detail_with_error(
    request: HttpRequest, section: Section, status: int = 400, **forms: Any
) -> HttpResponse:
    section = selectors.section_get(section.pk)
    return render(
        request,
        "strategy/section_detail.html",
        _detail_context(request, section, **forms),
        status=status,
    )


def _editor_context(section: Section, form: Any, **extra: Any) -> dict[str, Any]:
    """What the visual editor's page needs besides the form: the live inserts its menu
    offers and where it asks for their previews and saves drafts."""
    from django.urls import reverse

    return {
        "section": section,
        "form": form,
        "live_inserts": {
            "preview": reverse("strategy:section_insert", args=[section.pk]),
            "choices": markup.insert_choices(),
        },
        "draft_url": reverse("strategy:section_draft", args=[section.pk]),
        **extra,
    }


def _conflict(
    request: HttpRequest, section: Section, error: services.StaleRevision
) -> HttpResponse:
    """Both texts side by side (compared as read, word by word) and the editor holding
    the refused text, to be saved over the current revision."""
    current = error.current
    diff = markup.word_diff(current.text if current else "", error.yours)
    form = SectionTextForm(
        initial={"text": error.yours, "base_revision": current.pk if current else None}
    )
    context = _editor_context(
        section, form, current=current, yours=error.yours, diff=diff,
        current_html=markup.render(current.text if current else ""),
        yours_html=markup.render(error.yours), message=str(error), conflict=error.conflict,
    )  # fmt: skip
    return render(request, "strategy/section_conflict.html", context, status=409)


def section_edit(request: HttpRequest, pk: int) -> HttpResponse:
    section = _section(request, pk)
    require_perm(request, "strategy.draft_section", section)
    services.refuse_unless_editable(section)  # 409 with the reason, as the API answers
    draft = services.draft_for(actor=request.user, section=section)
    initial = {"text": section.text, "base_revision": section.current_revision_id}
    if draft is not None:
        initial = {"text": draft.text, "base_revision": draft.base_revision_id}
    form = SectionTextForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.section_save(
                actor=request.user,
                section=section,
                text=form.cleaned_data["text"],
                base_revision=form.cleaned_data["base_revision"],
                comment=form.cleaned_data["comment"],
            )
        except services.StaleRevision as error:
            return _conflict(request, section, error)
        except (ValidationError, Conflict) as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Текст сохранён как новая редакция."))
            return redirect("strategy:section_detail", pk=section.pk)
    return render(
        request, "strategy/section_edit.html", _editor_context(section, form, draft=draft)
    )


@require_POST
def section_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """The editor page saves a draft here every few seconds: no revision, no audit entry."""
    from django.http import JsonResponse
    from django.utils import formats, timezone

    section = _section(request, pk)
    require_perm(request, "strategy.draft_section", section)
    if request.POST.get("discard"):
        services.draft_discard(actor=request.user, section=section)
        messages.info(request, _("Черновик удалён; в редакторе — действующая редакция."))
        return redirect("strategy:section_edit", pk=section.pk)
    try:
        base = int(request.POST.get("base_revision") or 0) or None
    except ValueError:
        base = None
    try:
        draft = services.draft_save(
            actor=request.user, section=section, text=request.POST.get("text", ""),
            base_revision=base,
        )  # fmt: skip
    except services.WorkflowError as error:
        return JsonResponse({"message": error.message}, status=409)
    saved = formats.time_format(timezone.localtime(draft.updated_at), "H:i:s")
    return JsonResponse(
        {"message": _("Черновик сохранён в %(time)s") % {"time": saved}, "saved_at": saved}
    )


def section_insert(request: HttpRequest, pk: int) -> HttpResponse:
    """One live insert as HTML, for the editor to show the table itself."""
    _section(request, pk)
    key = request.GET.get("key", "")
    if not markup.INSERT_KEY_RE.match(key):
        raise Http404
    return HttpResponse(inserts.to_html(inserts.resolve([key])[key]))


@require_POST
def section_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """A preview of a text: sanitised, live inserts filled in."""
    _section(request, pk)
    text = request.POST.get("text", "")
    html = markup.render(text, inserts=inserts.html_map(inserts.resolve(markup.markers(text))))
    return render(request, "strategy/partials/_preview.html", {"html": html})


def section_settings(request: HttpRequest, pk: int) -> HttpResponse:
    section = _section(request, pk)
    require_perm(request, "strategy.change_section_settings", section)
    form = SectionSettingsForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        try:
            services.section_update_settings(
                actor=request.user, section=section, **form.cleaned_data
            )
        except (ValidationError, Conflict) as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Изменения сохранены."))
            return redirect("strategy:section_detail", pk=section.pk)
    section = selectors.section_get(section.pk)
    return render(request, "strategy/section_settings.html", {"section": section, "form": form})


def revision_list(request: HttpRequest, pk: int) -> HttpResponse:
    section = _section(request, pk)
    page = paginate(request, selectors.revision_list(section), per_page=30)
    return render(request, "strategy/revision_list.html", {"section": section, "page": page})


def revision_compare(request: HttpRequest, pk: int) -> HttpResponse:
    section = _section(request, pk)
    revisions = {r.number: r for r in selectors.revision_list(section)}
    try:
        a, b = int(request.GET.get("a", "")), int(request.GET.get("b", ""))
    except ValueError:
        raise Http404 from None
    if a not in revisions or b not in revisions:
        raise Http404
    old, new = (revisions[a], revisions[b]) if a <= b else (revisions[b], revisions[a])
    diff = markup.word_diff(old.text, new.text)
    return render(
        request,
        "strategy/revision_compare.html",
        {"section": section, "old": old, "new": new, "diff": diff,
         "numbers": sorted(revisions)},
    )  # fmt: skip


@require_POST
def revision_restore(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    section = _section(request, pk)
    require_perm(request, "strategy.draft_section", section)
    revision = get_object_or_404(Revision, section=section, number=number)
    try:
        base: int | None = int(request.POST.get("base_revision", ""))
    except ValueError:
        base = None
    try:
        services.revision_restore(
            actor=request.user, section=section, revision=revision, base_revision=base
        )
    except services.StaleRevision as error:
        return _conflict(request, section, error)
    except (Conflict, ValidationError) as error:
        messages.error(request, refusal_text(error))
        return redirect("strategy:revision_list", pk=section.pk)
    messages.success(
        request, _("Редакция %(number)s восстановлена как новая.") % {"number": number}
    )
    return redirect("strategy:section_detail", pk=section.pk)
