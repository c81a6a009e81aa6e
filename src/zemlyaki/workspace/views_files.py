"""Pages of the file library, the notification settings and the messenger connection."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zemlyaki.core.errors import Invalid, NotFound, add_to_form
from zemlyaki.core.security import token_hash
from zemlyaki.core.views_utils import require_perm

from . import library, selectors, services
from .forms import (
    ConnectionForm,
    FolderForm,
    LinkForm,
    NotifySettingsForm,
    UploadForm,
    VersionForm,
)
from .messenger import ADAPTER_LABELS
from .models import (
    Connection,
    File,
    FileVersion,
    Folder,
    NotifyMode,
    Space,
    UnsubscribeLink,
)
from .notify import mode_of
from .preview import first_page_png, preview_of
from .views import _upload_error, get_or_hide


def file_list(request: HttpRequest, pk: int) -> HttpResponse:
    space = get_or_hide(request, Space, pk)
    folder = None
    folder_id = request.GET.get("folder", "")
    if folder_id.isdigit():
        folder = Folder.objects.filter(space=space, pk=int(folder_id)).first()
    can_upload = request.user.has_perm("workspace.upload_file", space)
    form = UploadForm(request.POST or None, request.FILES or None, space=space)
    folder_form = FolderForm(None)
    if request.method == "POST":
        require_perm(request, "workspace.upload_file", space)
        if "name" in request.POST:
            folder_form = FolderForm(request.POST)
            if folder_form.is_valid():
                created = library.folder_create(
                    actor=request.user,
                    space=space,
                    name=folder_form.cleaned_data["name"],
                    parent=folder,
                )
                return redirect(f"{request.path}?folder={created.pk}")
        elif form.is_valid():
            try:
                file = library.file_upload(
                    actor=request.user,
                    space=space,
                    upload=form.cleaned_data["upload"],
                    title=form.cleaned_data["title"],
                    folder=form.cleaned_data["folder"],
                    note=form.cleaned_data["note"],
                )
            except Invalid as error:
                add_to_form(form, _upload_error(error))
            else:
                return redirect("workspace:file", pk=file.pk)
    query = request.GET.get("q", "")
    context = {
        "space": space,
        "folder": folder,
        "folders": Folder.objects.filter(space=space, parent=folder),
        "files": selectors.files_in(space, request.user, folder=folder, q=query),
        "materials": selectors.owned_materials(space, request.user) if not folder else [],
        "query": query,
        "form": form if can_upload else None,
        "folder_form": folder_form if can_upload else None,
        "used": library.space_used_bytes(space),
        "quota": library.space_quota_bytes(),
    }
    return render(request, "workspace/file_list.html", context)


def file_detail(request: HttpRequest, pk: int) -> HttpResponse:
    file = get_or_hide(request, File, pk)
    can_upload = request.user.has_perm("workspace.upload_file", file.space)
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        require_perm(request, "workspace.upload_file", file.space)
        if form.is_valid():
            try:
                library.version_upload(
                    actor=request.user,
                    file=file,
                    upload=form.cleaned_data["upload"],
                    note=form.cleaned_data["note"],
                )
            except Invalid as error:
                add_to_form(form, _upload_error(error))
            else:
                return redirect("workspace:file", pk=file.pk)
    versions = file.versions.select_related("created_by", "restored_from").order_by("-number")
    context = {
        "file": file,
        "space": file.space,
        "versions": versions,
        "preview": preview_of(file.current) if file.current else None,
        "form": form if can_upload else None,
        "threads": file.posts.values("thread_id", "thread__title").distinct(),
        "links": file.links.select_related("target_type"),
        "link_form": LinkForm(choices=selectors.link_choices()) if can_upload else None,
    }
    return render(request, "workspace/file_detail.html", context)


@require_POST
def version_restore(request: HttpRequest, pk: int) -> HttpResponse:
    version = FileVersion.objects.select_related("file__space").filter(pk=pk).first()
    if version is None:
        raise NotFound()
    get_or_hide(request, File, version.file_id)
    require_perm(request, "workspace.upload_file", version.file.space)
    try:
        library.version_restore(actor=request.user, version=version)
    except Invalid as error:
        messages.error(request, " ".join(error.messages()))
    return redirect("workspace:file", pk=version.file_id)


def notify_settings(request: HttpRequest) -> HttpResponse:
    require_perm(request, "workspace.list_spaces")
    form = NotifySettingsForm(request.POST or None, initial={"mode": mode_of(request.user)})
    if request.method == "POST" and form.is_valid():
        services.notify_mode_set(user=request.user, mode=form.cleaned_data["mode"])
        messages.success(request, _("Настройка сохранена."))
        return redirect("workspace:notify_settings")
    return render(request, "workspace/notify_settings.html", {"form": form})


def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The personal link of a mail: confirm, then no more mail about discussions."""
    link = (
        UnsubscribeLink.objects.select_related("user").filter(token_hash=token_hash(token)).first()
    )
    if link is None:
        raise NotFound(_("Ссылка недействительна."))
    done = False
    if request.method == "POST":
        services.notify_mode_set(user=link.user, mode=NotifyMode.OFF)
        done = True
    return render(request, "workspace/unsubscribe.html", {"done": done})


def connection(request: HttpRequest, pk: int) -> HttpResponse:
    space = get_or_hide(request, Space, pk)
    require_perm(request, "workspace.manage_connection", space)
    current = Connection.objects.filter(space=space).first()
    form = ConnectionForm(request.POST or None, instance=current or Connection(space=space))
    if request.method == "POST" and form.is_valid():
        try:
            services.connection_save(actor=request.user, space=space, **form.cleaned_data)
        except Invalid as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Подключение сохранено."))
            return redirect("workspace:connection", pk=space.pk)
    deliveries: Any = current.deliveries.all()[:50] if current else []
    context = {
        "space": space,
        "form": form,
        "connection": current,
        "deliveries": deliveries,
        "adapters": ADAPTER_LABELS,
    }
    return render(request, "workspace/connection.html", context)


def version_preview(request: HttpRequest, pk: int) -> HttpResponse:
    version = FileVersion.objects.filter(pk=pk).first()
    if version is None:
        raise NotFound()
    get_or_hide(request, File, version.file_id)
    png = first_page_png(version)
    if png is None:
        raise NotFound(_("Предпросмотр недоступен."))
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def file_link(request: HttpRequest, pk: int) -> HttpResponse:
    file = get_or_hide(request, File, pk)
    require_perm(request, "workspace.upload_file", file.space)
    target = selectors.parse_target(request.POST.get("target", ""), request.user)
    if target is None:
        messages.error(request, _("Выберите объект."))
    else:
        library.file_link(actor=request.user, file=file, target=target)
    return redirect("workspace:file", pk=file.pk)
