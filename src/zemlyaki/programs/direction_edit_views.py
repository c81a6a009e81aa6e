"""Pages where the coordinator keeps the directions catalogue: add, change, delete a
direction and add its source documents. Every write goes through the directions services
(and so into the audit log)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zemlyaki.core.form_fields import model_field
from zemlyaki.core.views_utils import apply_validation_error, require_perm
from zemlyaki.directions import services
from zemlyaki.directions.models import Direction

from .direction_forms import DirectionForm, SourceForm


def direction_create(request: HttpRequest) -> HttpResponse:
    require_perm(request, "directions.add_direction")
    initial = {}
    parent = request.GET.get("parent", "")
    if parent.isdigit():
        initial["parent"] = Direction.objects.filter(pk=int(parent)).first()
    form = DirectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            direction = services.direction_create(
                actor=request.user, code=data.pop("code"), name=data.pop("name"), **data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Направление добавлено."))
            return redirect("programs:direction_detail", pk=direction.pk)
    return render(
        request, "programs/direction_form.html", {"form": form, "title": _("Новое направление")}
    )


def direction_edit(request: HttpRequest, pk: int) -> HttpResponse:
    direction = get_object_or_404(Direction, pk=pk)
    require_perm(request, "directions.change_direction", direction)
    initial = {
        "code": direction.code,
        "name": direction.name,
        "level": direction.level,
        "parent": direction.parent,
        "region": direction.region,
        "order": direction.order,
        "description": direction.description,
    }
    form = DirectionForm(request.POST or None, initial=initial)
    model_field(form, "parent").queryset = Direction.objects.exclude(pk=direction.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.direction_update(actor=request.user, direction=direction, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Направление сохранено."))
            return redirect("programs:direction_detail", pk=direction.pk)
    return render(
        request,
        "programs/direction_form.html",
        {"form": form, "direction": direction, "title": _("Изменить направление")},
    )


@require_POST
def direction_delete(request: HttpRequest, pk: int) -> HttpResponse:
    direction = get_object_or_404(Direction, pk=pk)
    require_perm(request, "directions.delete_direction", direction)
    try:
        services.direction_delete(actor=request.user, direction=direction)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("programs:direction_detail", pk=direction.pk)
    messages.success(request, _("Направление «%(name)s» удалено.") % {"name": direction.name})
    return redirect("programs:direction_tree")


def source_add(request: HttpRequest, pk: int) -> HttpResponse:
    direction = get_object_or_404(Direction, pk=pk)
    require_perm(request, "directions.change_direction", direction)
    form = SourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.source_add(
                actor=request.user, direction=direction, title=data.pop("title"), **data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Источник добавлен."))
            return redirect("programs:direction_detail", pk=direction.pk)
    return render(
        request,
        "programs/direction_form.html",
        {"form": form, "direction": direction, "title": _("Источник направления")},
    )
