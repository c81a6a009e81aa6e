"""Pages of programs: list, program with needs, pledges, plan and balance, new program,
pledge and transitions, a stakeholder's commitments and the gap overview."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zemlyaki.core.views_utils import apply_validation_error, paginate, require_perm
from zemlyaki.people.models import Person
from zemlyaki.registry.models import Association, Stakeholder

from . import balance, charts, selectors, services, xlsx
from .direction_forms import RepresentativeForm
from .forms import NeedForm, PledgeForm, ProgramFilterForm, ProgramForm, TransitionForm
from .models import Pledge, PledgeStatus, Program

TRANSITION_PERMS = {
    PledgeStatus.CONFIRMED: "programs.confirm_pledge",
    PledgeStatus.DELIVERED: "programs.deliver_pledge",
    PledgeStatus.WITHDRAWN: "programs.withdraw_pledge",
}


def program_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, "programs.view_program")
    form = ProgramFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    page = paginate(
        request,
        selectors.program_list(
            association=data.get("association"),
            direction=data.get("direction"),
            status=data.get("status") or "",
            year=data.get("year"),
        ),
    )
    return render(request, "programs/program_list.html", {"form": form, "page": page})


def _givers(user: Any) -> list[Any]:
    """Whom the user may pledge for: represented stakeholders, led associations, oneself;
    a coordinator records for any stakeholder or association."""
    if not user.is_authenticated:
        return []
    if user.has_perm("programs.add_representative"):
        return [*Stakeholder.objects.order_by("name"), *Association.objects.order_by("name")]
    givers: list[Any] = list(
        Stakeholder.objects.filter(program_representatives__person__user=user).order_by("name")
    )
    givers += list(user.led_associations.order_by("name"))
    givers += list(Person.objects.filter(user=user))
    return givers


def _detail_context(request: HttpRequest, program: Program) -> dict[str, Any]:
    rows = balance.balance_of_program(program)
    givers = _givers(request.user)
    return {
        "program": program,
        "responsible_person": selectors.shown_responsible(request.user, [program]).get(
            program.responsible_person_id or 0
        ),
        "needs": balance.need_rows(program),
        "pledges": list(selectors.pledge_list(program=program)),
        "balance": rows,
        "chart": charts.gap_chart(rows),
        "need_form": NeedForm(prefix="need"),
        "pledge_form": PledgeForm(prefix="pledge", program=program, givers=givers)
        if givers
        else None,
        "sees_contacts": request.user.has_perm("programs.view_pledge_contacts", program),
        "tasks": list(program.plan.tasks.all()) if program.plan else [],
    }


def program_detail(request: HttpRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(
        Program.objects.select_related("association", "responsible_body", "plan"), pk=pk
    )
    require_perm(request, "programs.view_program", program)
    return render(request, "programs/program_detail.html", _detail_context(request, program))


def program_create(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        require_perm(request, "programs.add_program")
    form = ProgramForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        require_perm(request, "programs.add_program", data.get("association"))
        try:
            program = services.program_create(actor=request.user, **data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Программа создана."))
            return redirect("programs:program_detail", pk=program.pk)
    return render(request, "programs/program_form.html", {"form": form})


@require_POST
def need_add(request: HttpRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(Program, pk=pk)
    require_perm(request, "programs.add_need", program)
    form = NeedForm(request.POST, prefix="need")
    if form.is_valid():
        try:
            services.need_create(actor=request.user, program=program, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Потребность добавлена."))
            return redirect("programs:program_detail", pk=program.pk)
    return _detail_with(request, program, need_form=form)


def _detail_with(request: HttpRequest, program: Program, **forms: Any) -> HttpResponse:
    """The program's page again with the failed form, its errors beside its fields."""
    context = _detail_context(request, program)
    context.update(forms)
    return render(request, "programs/program_detail.html", context, status=422)


@require_POST
def pledge_add(request: HttpRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(Program, pk=pk)
    givers = _givers(request.user)
    if not givers:
        require_perm(request, "programs.add_pledge")
    form = PledgeForm(request.POST, prefix="pledge", program=program, givers=givers)
    if form.is_valid():
        giver = form.giver_kwargs()
        require_perm(request, "programs.add_pledge", next(iter(giver.values())))
        data = {k: v for k, v in form.cleaned_data.items() if k != "giver"}
        try:
            services.pledge_create(actor=request.user, program=program, **data, **giver)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Обязательство записано."))
            return redirect("programs:program_detail", pk=program.pk)
    return _detail_with(request, program, pledge_form=form)


@require_POST
def pledge_transition(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = get_object_or_404(Pledge.objects.select_related("program"), pk=pk)
    form = TransitionForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Неверный запрос."))
        return redirect("programs:program_detail", pk=pledge.program_id)
    to = form.cleaned_data["to"]
    require_perm(request, TRANSITION_PERMS[PledgeStatus(to)], pledge)
    try:
        services.pledge_transition(
            actor=request.user,
            pledge=pledge,
            to=to,
            delivered_quantity=form.cleaned_data["delivered_quantity"],
            evidence_file=form.cleaned_data["evidence_file"],
            evidence_url=form.cleaned_data["evidence_url"],
            evidence_note=form.cleaned_data["evidence_note"],
        )
    except services.TransitionConflict as exc:
        messages.error(request, str(exc))
        return redirect("programs:program_detail", pk=pledge.program_id)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("Состояние обязательства: %(state)s.") % {"state": PledgeStatus(to).label}
        )
    return redirect("programs:program_detail", pk=pledge.program_id)


def program_edit(request: HttpRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(Program, pk=pk)
    require_perm(request, "programs.change_program", program)
    form = ProgramForm(request.POST or None, user=request.user, program=program)
    if request.method == "POST" and form.is_valid():
        try:
            services.program_update(actor=request.user, program=program, **form.changes())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Программа сохранена."))
            return redirect("programs:program_detail", pk=program.pk)
    return render(request, "programs/program_form.html", {"form": form, "program": program})


@require_POST
def program_stop(request: HttpRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(Program, pk=pk)
    require_perm(request, "programs.change_program", program)
    services.program_stop(actor=request.user, program=program)
    messages.success(request, _("Программа прекращена."))
    return redirect("programs:program_detail", pk=program.pk)


@require_POST
def program_delete(request: HttpRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(Program, pk=pk)
    require_perm(request, "programs.delete_program", program)
    try:
        services.program_delete(actor=request.user, program=program)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("programs:program_detail", pk=program.pk)
    messages.success(request, _("Программа удалена."))
    return redirect("programs:program_list")


@require_POST
def program_plan(request: HttpRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(Program, pk=pk)
    require_perm(request, "programs.change_program", program)
    plan = services.program_plan(actor=request.user, program=program)
    return redirect(plan)


def stakeholder_commitments(
    request: HttpRequest, pk: int, representative_form: Any = None
) -> HttpResponse:
    stakeholder = get_object_or_404(Stakeholder, pk=pk)
    require_perm(request, "programs.view_program")
    pledges = selectors.pledge_list(stakeholder=stakeholder)
    keeps = request.user.has_perm("programs.add_representative", stakeholder)
    return render(
        request,
        "programs/stakeholder_commitments.html",
        {
            "stakeholder": stakeholder,
            "page": paginate(request, pledges),
            "balance": balance.balance_of_pledges(pledges),
            "representatives": (
                stakeholder.program_representatives.select_related("person").order_by(
                    "person__last_name"
                )
                if keeps
                else None
            ),
            "representative_form": (representative_form or RepresentativeForm()) if keeps else None,
        },
    )


@require_POST
def representative_add(request: HttpRequest, pk: int) -> HttpResponse:
    stakeholder = get_object_or_404(Stakeholder, pk=pk)
    require_perm(request, "programs.add_representative", stakeholder)
    form = RepresentativeForm(request.POST)
    if form.is_valid():
        try:
            services.representative_add(
                actor=request.user, stakeholder=stakeholder, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, _("Представитель добавлен: он может записывать обязательства субъекта.")
            )
            return redirect("programs:stakeholder_commitments", pk=stakeholder.pk)
    return stakeholder_commitments(request, stakeholder.pk, representative_form=form)


@require_POST
def representative_remove(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    stakeholder = get_object_or_404(Stakeholder, pk=pk)
    require_perm(request, "programs.add_representative", stakeholder)
    link = get_object_or_404(stakeholder.program_representatives, pk=link_pk)
    services.representative_remove(actor=request.user, link=link)
    messages.success(request, _("Представитель больше не записывает обязательства субъекта."))
    return redirect("programs:stakeholder_commitments", pk=stakeholder.pk)


def gap_overview(request: HttpRequest) -> HttpResponse:
    require_perm(request, "programs.view_program")
    rows = balance.balance_of_strategy()
    return render(
        request,
        "programs/gap_overview.html",
        {
            "balance": rows,
            "chart": charts.gap_chart(rows),
            "associations": selectors.associations_with_programs(),
        },
    )


def association_resources(request: HttpRequest, pk: int) -> HttpResponse:
    """An association's figures: the balance of its programs and what it pledged itself."""
    require_perm(request, "programs.view_program")
    association = get_object_or_404(Association, pk=pk)
    programs = selectors.program_list(association=association)
    giving = selectors.pledge_list(association=association)
    rows = balance.balance_of_programs(programs)
    return render(
        request,
        "programs/association_resources.html",
        {
            "association": association,
            "programs": programs,
            "balance": rows,
            "chart": charts.gap_chart(rows),
            "giving": giving,
            "giving_balance": balance.balance_of_pledges(giving),
        },
    )


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def program_export(request: HttpRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(Program, pk=pk)
    require_perm(request, "programs.view_program", program)
    sees = request.user.has_perm("programs.view_pledge_contacts", program)
    response = HttpResponse(xlsx.program_workbook(program, sees_contacts=sees), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="program-{program.pk}.xlsx"'
    return response


def balance_export(request: HttpRequest) -> HttpResponse:
    require_perm(request, "programs.view_program")
    response = HttpResponse(xlsx.balance_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="resources.xlsx"'
    return response
