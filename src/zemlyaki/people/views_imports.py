"""Pages of the member list imports: upload, column mapping, preview, progress, the error
report and undo. Reading, applying, undoing and writing the error report run in the
background: these pages queue the work and show its progress."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zemlyaki.core.protected_files import Download, send
from zemlyaki.core.views_utils import apply_validation_error, paginate, require_perm
from zemlyaki.registry.models import Association

from . import importing, selectors
from .forms import (
    CommitForm,
    MappingForm,
    UploadForm,
)
from .models import (
    ImportStatus,
    MemberImport,
    RowStatus,
)


def _importable(user: Any) -> Any:
    if getattr(user, "role", None) == "coordinator":
        return Association.objects.order_by("name")
    return Association.objects.filter(leaders=user).order_by("name")


def import_start(request: HttpRequest) -> HttpResponse:
    require_perm(request, "people.use_imports")
    associations = _importable(request.user)
    initial = {}
    if request.GET.get("association"):
        initial["association"] = associations.filter(slug=request.GET["association"]).first()
    form = UploadForm(
        request.POST or None, request.FILES or None, associations=associations, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        association = form.cleaned_data["association"]
        require_perm(request, "people.import_members", association)
        upload = form.cleaned_data["file"]
        try:
            member_import = importing.import_create(
                actor=request.user,
                association=association,
                file_name=upload.name,
                content=upload.read(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return redirect("people:import_detail", pk=member_import.pk)
    imports = paginate(request, selectors.imports_for(request.user), per_page=20)
    return render(request, "people/import_start.html", {"form": form, "page": imports})


def _import_or_404(request: HttpRequest, pk: int) -> MemberImport:
    member_import = get_object_or_404(MemberImport.objects.select_related("association"), pk=pk)
    require_perm(request, "people.import_members", member_import.association, hide=True)
    return member_import


def import_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    member_import = _import_or_404(request, pk)
    if member_import.status not in (ImportStatus.PREVIEW, ImportStatus.MAPPING):
        return redirect("people:import_detail", pk=pk)
    form = MappingForm(
        request.POST or None, headers=member_import.headers, mapping=member_import.mapping
    )
    if request.method == "POST" and form.is_valid():
        try:
            importing.import_set_mapping(
                actor=request.user,
                member_import=member_import,
                mapping=form.mapping(),
                save=form.cleaned_data["save_mapping"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return redirect("people:import_detail", pk=pk)
    return render(request, "people/import_mapping.html", {"form": form, "import": member_import})


def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member_import = _import_or_404(request, pk)
    status = request.GET.get("rows", "")
    rows = member_import.rows.select_related("person").order_by("number")
    if status in RowStatus.values:
        rows = rows.filter(status=status)
    form = CommitForm(request.POST or None)
    if request.method == "POST" and member_import.status != ImportStatus.PREVIEW:
        return redirect("people:import_detail", pk=pk)
    if request.method == "POST" and form.is_valid():
        try:
            importing.import_commit(
                actor=request.user,
                member_import=member_import,
                on_match=form.cleaned_data["on_match"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return redirect("people:import_detail", pk=pk)
    member_import.refresh_from_db()
    context = {
        "import": member_import,
        "form": form,
        "page": paginate(request, rows, per_page=50),
        "rows_filter": status,
        "match_labels": importing.MATCH_LABELS,
    }
    return render(request, "people/import_detail.html", context)


def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress of the reading, applying or undoing, polled by the page; once the
    work ended (or stopped moving) the whole page is shown again."""
    member_import = _import_or_404(request, pk)
    response = render(request, "people/partials/_import_progress.html", {"import": member_import})
    ended = not member_import.is_working or member_import.is_stalled
    if ended and request.htmx:  # type: ignore[attr-defined]
        response["HX-Refresh"] = "true"
    return response


@require_POST
def import_restart(request: HttpRequest, pk: int) -> HttpResponse:
    member_import = _import_or_404(request, pk)
    try:
        importing.import_restart(actor=request.user, member_import=member_import)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Работа над загрузкой перезапущена."))
    return redirect("people:import_detail", pk=pk)


def import_errors(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The error report as the reading in the background stored it: only streamed here."""
    member_import = _import_or_404(request, pk)
    stored = importing.error_report_download(member_import)
    return send(Download(stored, filename=importing.error_report_name(member_import)))


@require_POST
def import_undo(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue the undoing: the detail page shows its progress, then its outcome."""
    member_import = _import_or_404(request, pk)
    try:
        importing.import_undo(actor=request.user, member_import=member_import)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Загрузка отменяется: ход отмены виден на этой странице."))
    return redirect("people:import_detail", pk=pk)
