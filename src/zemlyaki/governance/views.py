from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zemlyaki.core.views_utils import apply_validation_error, paginate, require_perm
from zemlyaki.people.models import CandidateList

from . import history, selectors, services
from .forms import BodyFilterForm, BodyForm, CandidatesForm, MemberForm, PowerForm
from .models import Body, BodyKind, BodyMember, Power
from .powers import power_label


def _candidate_lists() -> Any:
    """Candidate lists of the expert search (people)."""
    return CandidateList.objects.order_by("-pk")


def body_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, "governance.view_body")
    form = BodyFilterForm(request.GET or None)
    kind = form.cleaned_data["kind"] if form.is_valid() else ""
    page = paginate(request, selectors.body_list(kind=kind, user=request.user))
    return render(request, "governance/body_list.html", {"form": form, "page": page})


def body_detail(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_object_or_404(Body.objects.select_related("parent"), pk=pk)
    require_perm(request, "governance.view_body", body)
    powers = [
        {
            "power": p,
            "label": power_label(p.code),
            "scope": services.scope_object(p.scope_type, p.scope_id) if p.scope_type else None,
        }
        for p in body.powers.order_by("code", "scope_type", "scope_id")
    ]
    show_members = request.user.has_perm("governance.view_bodymember", body)
    members = selectors.body_members(body, user=request.user) if show_members else []
    return render(
        request,
        "governance/body_detail.html",
        {
            "body": body,
            "powers": powers,
            "members": members,
            "show_members": show_members,
            "children": body.children.order_by("name"),
            "member_count": selectors.body_members(body, current_only=True).count(),
            "power_form": PowerForm(),
            "is_council": body.kind == BodyKind.EXPERT_COUNCIL,
            "candidates_enabled": _candidate_lists() is not None,
        },
    )


def body_create(request: HttpRequest) -> HttpResponse:
    require_perm(request, "governance.add_body")
    form = BodyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            body = services.body_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Орган создан."))
            return redirect("governance:body_detail", pk=body.pk)
    return render(request, "governance/body_form.html", {"form": form, "body": None})


def body_edit(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_object_or_404(Body, pk=pk)
    require_perm(request, "governance.change_body", body)
    form = BodyForm(request.POST or None, instance=body)
    if request.method == "POST" and form.is_valid():
        try:
            services.body_update(actor=request.user, body=body, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Изменения сохранены."))
            return redirect("governance:body_detail", pk=body.pk)
    body.refresh_from_db()
    return render(request, "governance/body_form.html", {"form": form, "body": body})


@require_POST
def body_delete(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_object_or_404(Body, pk=pk)
    require_perm(request, "governance.delete_body", body)
    try:
        services.body_delete(actor=request.user, body=body)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("governance:body_detail", pk=body.pk)
    messages.success(request, _("Орган удалён."))
    return redirect("governance:body_list")


def body_history(request: HttpRequest, pk: int) -> HttpResponse:
    """The body's own changes, its membership (who joined and left, when, on whose
    decision) and its powers."""
    body = get_object_or_404(Body, pk=pk)
    require_perm(request, "governance.view_body_history", body)
    page = paginate(request, history.body_history(body), per_page=50)
    rows = [history.describe(entry) for entry in page]
    return render(
        request, "governance/body_history.html", {"body": body, "page": page, "rows": rows}
    )


def body_composition(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_object_or_404(Body, pk=pk)
    require_perm(request, "governance.view_composition", body)
    rows = selectors.body_composition(body)
    kinds = rows[:-1]
    return render(
        request,
        "governance/body_composition.html",
        {
            "body": body,
            "rows": kinds,
            "unassigned": rows[-1]["members"],
            "missing": [row for row in kinds if row["missing"]],
            "represented": len([row for row in kinds if not row["missing"]]),
        },
    )


def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_object_or_404(Body, pk=pk)
    require_perm(request, "governance.change_bodymember", body)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_add(actor=request.user, body=body, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Участник включён в орган."))
            return redirect("governance:body_detail", pk=body.pk)
    return render(
        request, "governance/member_form.html", {"form": form, "body": body, "member": None}
    )


def member_edit(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    member = get_object_or_404(
        BodyMember.objects.select_related("body", "person"), pk=member_pk, body_id=pk
    )
    require_perm(request, "governance.change_bodymember", member.body)
    form = MemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_update(actor=request.user, member=member, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Изменения сохранены."))
            return redirect("governance:body_detail", pk=pk)
    member.refresh_from_db()
    return render(
        request,
        "governance/member_form.html",
        {"form": form, "body": member.body, "member": member},
    )


@require_POST
def member_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    member = get_object_or_404(
        BodyMember.objects.select_related("body", "person"), pk=member_pk, body_id=pk
    )
    require_perm(request, "governance.change_bodymember", member.body)
    basis = request.POST.get("basis", "")[:255]
    services.member_remove(actor=request.user, member=member, basis=basis)
    messages.success(request, _("Участник исключён из органа."))
    return redirect("governance:body_detail", pk=pk)


def member_add_candidates(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_object_or_404(Body, pk=pk)
    require_perm(request, "governance.change_bodymember", body)
    lists = _candidate_lists()
    if lists is None:
        raise Http404
    form = CandidatesForm(request.POST or None, candidate_lists=lists)
    if request.method == "POST" and form.is_valid():
        added = services.body_add_members_from_candidates(
            actor=request.user,
            body=body,
            candidate_list=form.cleaned_data["candidate_list"],
            stakeholder=form.cleaned_data["stakeholder"],
        )
        messages.success(request, _("Включено в орган: %(count)s.") % {"count": len(added)})
        return redirect("governance:body_detail", pk=body.pk)
    return render(request, "governance/member_candidates.html", {"form": form, "body": body})


@require_POST
def power_add(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_object_or_404(Body, pk=pk)
    require_perm(request, "governance.change_power", body)
    form = PowerForm(request.POST)
    if form.is_valid():
        try:
            services.power_grant(actor=request.user, body=body, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Полномочие добавлено."))
            return redirect("governance:body_detail", pk=body.pk)
    return render(request, "governance/power_form.html", {"form": form, "body": body}, status=200)


@require_POST
def power_revoke(request: HttpRequest, pk: int, power_pk: int) -> HttpResponse:
    power = get_object_or_404(Power.objects.select_related("body"), pk=power_pk, body_id=pk)
    require_perm(request, "governance.change_power", power.body)
    services.power_revoke(actor=request.user, power=power)
    messages.success(request, _("Полномочие снято."))
    return redirect("governance:body_detail", pk=pk)
