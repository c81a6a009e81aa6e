"""«Мои данные»: a person downloads everything held about them, withdraws consents and asks
for erasure; the coordinator's queue of erasure requests. «Мой профиль» without a card."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zemlyaki.core.views_utils import apply_validation_error, paginate, require_perm

from . import rights
from .forms_access import ErasureDecisionForm, ErasureRequestForm
from .models import Consent
from .models_access import ErasureRequest, ErasureStatus


def person_me(request: HttpRequest) -> HttpResponse:
    """«Мой профиль»: the card tied to the login, or what a card is and how to get one."""
    require_perm(request, "people.view_own_profile")
    person = rights.own_person(request.user)
    if person is None:
        return render(request, "people/person_missing.html")
    return redirect(person)


def my_data(request: HttpRequest) -> HttpResponse:
    require_perm(request, "people.view_own_data")
    person = rights.own_person(request.user)
    if person is None:
        return render(request, "people/person_missing.html", {"data_page": True})
    form = ErasureRequestForm(request.POST or None)
    if request.method == "POST":
        require_perm(request, "people.request_erasure", person)
        if form.is_valid():
            try:
                request_obj = rights.erasure_request_create(
                    actor=request.user, person=person, comment=form.cleaned_data["comment"]
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(
                    request,
                    _("Запрос на удаление принят. Ответ — не позднее %(date)s.")
                    % {"date": request_obj.due_on.strftime("%d.%m.%Y")},
                )
                return redirect("people:my_data")
    context = {
        "person": person,
        "consents": person.consents.order_by("-given_on", "-pk"),
        "pending": rights.pending_request(person),
        "requests": person.erasure_requests.order_by("-requested_at")[:10],
        "form": form,
    }
    return render(request, "people/my_data.html", context, status=422 if form.errors else 200)


def _download(request: HttpRequest, kind: str) -> HttpResponse:
    require_perm(request, "people.view_own_data")
    person = rights.own_person(request.user)
    if person is None:
        return render(request, "people/person_missing.html", {"data_page": True})
    data = rights.own_data(user=request.user, person=person)
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    if kind == "json":
        content = json.dumps(data, ensure_ascii=False, indent=2)
        response = HttpResponse(content, content_type="application/json; charset=utf-8")
    else:
        content = render_to_string(
            "people/my_data_print.html", {"data": data, "person": person}, request=request
        )
        response = HttpResponse(content, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="my-data-{stamp}.{kind}"'
    return response


def my_data_json(request: HttpRequest) -> HttpResponse:
    return _download(request, "json")


def my_data_html(request: HttpRequest) -> HttpResponse:
    return _download(request, "html")


@require_POST
def my_consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "people.view_own_data")
    consent = get_object_or_404(Consent, pk=pk)
    try:
        rights.own_consent_withdraw(user=request.user, consent=consent)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Согласие отозвано."))
    return redirect("people:my_data")


def erasure_queue(request: HttpRequest) -> HttpResponse:
    require_perm(request, "people.manage_erasure")
    status = request.GET.get("status", ErasureStatus.PENDING)
    if status not in {*ErasureStatus.values, "all"}:
        status = ErasureStatus.PENDING
    page = paginate(request, rights.erasure_queue("" if status == "all" else status), per_page=30)
    context = {
        "page": page,
        "status": status,
        "statuses": [(ErasureStatus.PENDING, ErasureStatus.PENDING.label),
                     (ErasureStatus.DONE, ErasureStatus.DONE.label),
                     (ErasureStatus.REFUSED, ErasureStatus.REFUSED.label),
                     ("all", _("все"))],
        "today": timezone.localdate(),
    }  # fmt: skip
    return render(request, "people/erasure_queue.html", context)


@require_POST
def erasure_decide(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "people.manage_erasure")
    erasure = get_object_or_404(ErasureRequest, pk=pk)
    form = ErasureDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Не понятно, что сделать с запросом."))
        return redirect("people:erasure_queue")
    try:
        if form.cleaned_data["action"] == "carry_out":
            rights.erasure_request_carry_out(actor=request.user, request=erasure)
            messages.success(request, _("Данные удалены по запросу № %(id)s.") % {"id": erasure.pk})
        else:
            rights.erasure_request_refuse(
                actor=request.user, request=erasure, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("В запросе № %(id)s отказано.") % {"id": erasure.pk})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("people:erasure_queue")
