from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zemlyaki.core.cache import cached
from zemlyaki.core.pagecache import anonymous_page
from zemlyaki.core.selectors import audit_entries_for
from zemlyaki.core.views_utils import apply_validation_error, htmx_target, paginate, require_perm

from . import selectors, services
from .forms import AssociationFilterForm, AssociationForm, StakeholderFilterForm, StakeholderForm
from .models import Association, Stakeholder


def association_list(request: HttpRequest) -> HttpResponse:
    def render_parts() -> dict[str, str]:
        form = AssociationFilterForm(request.GET or None)
        filters = {"q": "", "region": "", "district": "", "status": ""}
        if form.is_valid():
            filters.update({k: v or "" for k, v in form.cleaned_data.items()})
        page = paginate(request, selectors.association_cards(selectors.association_list(**filters)))
        page.object_list = selectors.attach_regions(list(page.object_list))
        return {
            "filters": render_to_string(
                "registry/partials/_association_filters.html", {"form": form}, request
            ),
            "results": render_to_string(
                "registry/partials/_association_results.html", {"page": page}, request
            ),
        }

    # The public catalogue is read far more than it changes: its filter form and results
    # depend only on the query string and are cached until the data's version changes;
    # an anonymous visitor gets the whole page from the cache.
    version = selectors.catalogue_version()

    def parts() -> dict[str, str]:
        return cached("registry:catalogue", version, [sorted(request.GET.lists())], render_parts)

    if htmx_target(request) == "association-results":
        return HttpResponse(parts()["results"])
    return anonymous_page(
        request,
        "registry:catalogue",
        version,
        lambda: render(request, "registry/association_list.html", parts()),
    )


def association_detail(request: HttpRequest, slug: str) -> HttpResponse:
    association = get_object_or_404(
        Association.objects.prefetch_related("regions__federal_district"), slug=slug
    )
    stakeholders = association.stakeholder_entries.all()
    return render(
        request,
        "registry/association_detail.html",
        {"association": association, "stakeholders": stakeholders},
    )


def association_create(request: HttpRequest) -> HttpResponse:
    require_perm(request, "registry.add_association")
    form = AssociationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            association = services.association_create(actor=request.user, **form.service_kwargs())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Землячество добавлено."))
            return redirect(association)
    return render(request, "registry/association_form.html", {"form": form, "association": None})


def association_edit(request: HttpRequest, slug: str) -> HttpResponse:
    association = get_object_or_404(Association, slug=slug)
    require_perm(request, "registry.change_association", association)
    form = AssociationForm(request.POST or None, request.FILES or None, instance=association)
    if request.method == "POST" and form.is_valid():
        try:
            association = services.association_update(
                actor=request.user, association=association, **form.service_kwargs()
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Изменения сохранены."))
            return redirect(association)
    # Editing the instance in place must not leak unsaved values into the page header.
    association.refresh_from_db()
    return render(
        request, "registry/association_form.html", {"form": form, "association": association}
    )


@require_POST
def association_delete(request: HttpRequest, slug: str) -> HttpResponse:
    association = get_object_or_404(Association, slug=slug)
    require_perm(request, "registry.delete_association", association)
    services.association_delete(actor=request.user, association=association)
    messages.success(request, _("Землячество удалено."))
    return redirect("registry:association_list")


def association_history(request: HttpRequest, slug: str) -> HttpResponse:
    association = get_object_or_404(Association, slug=slug)
    require_perm(request, "registry.view_association_history", association)
    page = paginate(request, audit_entries_for(association), per_page=50)
    return render(request, "core/audit_list.html", {"object": association, "page": page})


def stakeholder_list(request: HttpRequest) -> HttpResponse:
    form = StakeholderFilterForm(request.GET or None)
    q = kind = ""
    if form.is_valid():
        q, kind = form.cleaned_data["q"], form.cleaned_data["kind"]
    page = paginate(request, selectors.stakeholder_list(q=q, kind=kind))
    return render(request, "registry/stakeholder_list.html", {"form": form, "page": page})


def stakeholder_detail(request: HttpRequest, pk: int) -> HttpResponse:
    stakeholder = get_object_or_404(
        Stakeholder.objects.select_related("association").prefetch_related("regions"), pk=pk
    )
    return render(request, "registry/stakeholder_detail.html", {"stakeholder": stakeholder})


def stakeholder_create(request: HttpRequest) -> HttpResponse:
    require_perm(request, "registry.add_stakeholder")
    form = StakeholderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            stakeholder = services.stakeholder_create(actor=request.user, **form.service_kwargs())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Субъект стратегии добавлен."))
            return redirect("registry:stakeholder_detail", pk=stakeholder.pk)
    return render(request, "registry/stakeholder_form.html", {"form": form, "stakeholder": None})


def stakeholder_edit(request: HttpRequest, pk: int) -> HttpResponse:
    stakeholder = get_object_or_404(Stakeholder, pk=pk)
    require_perm(request, "registry.change_stakeholder", stakeholder)
    form = StakeholderForm(request.POST or None, instance=stakeholder)
    if request.method == "POST" and form.is_valid():
        try:
            services.stakeholder_update(
                actor=request.user, stakeholder=stakeholder, **form.service_kwargs()
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Изменения сохранены."))
            return redirect("registry:stakeholder_detail", pk=stakeholder.pk)
    stakeholder.refresh_from_db()
    return render(
        request, "registry/stakeholder_form.html", {"form": form, "stakeholder": stakeholder}
    )


def stakeholder_history(request: HttpRequest, pk: int) -> HttpResponse:
    stakeholder = get_object_or_404(Stakeholder, pk=pk)
    require_perm(request, "registry.view_stakeholder_history", stakeholder)
    page = paginate(request, audit_entries_for(stakeholder), per_page=50)
    return render(request, "core/audit_list.html", {"object": stakeholder, "page": page})
