from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zemlyaki.core.security import client_address
from zemlyaki.core.selectors import audit_entries_for
from zemlyaki.core.urls_public import absolute_url
from zemlyaki.core.views_utils import apply_validation_error, paginate, require_perm
from zemlyaki.people.consents import CURRENT_VERSION as CONSENT_VERSION

from . import selectors, services
from .forms import (
    AgendaItemForm,
    DecisionForm,
    EventFilterForm,
    EventForm,
    InviteForm,
    MaterialForm,
    MinutesForm,
    RegistrationForm,
)
from .ical import calendar_bytes
from .mail import remind_event
from .models import AgendaItem, Event, InvitationStatus, Material, Registration
from .qr import qr_svg


def _event(request: HttpRequest, pk: int, perm: str = "events.view_event") -> Event:
    """The event, or 404 when it is missing or not visible to this user."""
    try:
        event = selectors.event_get(pk)
    except Event.DoesNotExist:
        raise Http404
    require_perm(request, "events.view_event", event, hide=True)
    if perm != "events.view_event":
        require_perm(request, perm, event)
    return event


def event_list(request: HttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET or None)
    filters: dict[str, Any] = {"q": "", "kind": "", "when": ""}
    if form.is_valid():
        filters.update({k: v or "" for k, v in form.cleaned_data.items()})
    page = paginate(request, selectors.event_list(user=request.user, **filters))
    return render(request, "events/event_list.html", {"form": form, "page": page})


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "counts": selectors.registration_counts(event),
            "registration_form": RegistrationForm(),
        },
    )


def event_preparation(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    return render(
        request,
        "events/event_preparation.html",
        {
            "event": event,
            "counts": selectors.registration_counts(event),
            "registration_form": RegistrationForm(),
        },
    )


def event_create(request: HttpRequest) -> HttpResponse:
    require_perm(request, "events.add_event")
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Мероприятие создано."))
            return redirect(event)
    return render(request, "events/event_form.html", {"form": form, "event": None})


def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk, "events.change_event")
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(actor=request.user, event=event, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Изменения сохранены."))
            return redirect(event)
    event.refresh_from_db()
    return render(request, "events/event_form.html", {"form": form, "event": event})


def event_history(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk, "events.view_event_history")
    page = paginate(request, audit_entries_for(event), per_page=50)
    return render(request, "core/audit_list.html", {"object": event, "page": page})


def event_manage(request: HttpRequest, pk: int) -> HttpResponse:
    """The organiser's page: agenda, materials, invitations."""
    event = _event(request, pk, "events.change_event")
    return render(
        request,
        "events/event_manage.html",
        {
            "event": event,
            "agenda_form": AgendaItemForm(),
            "material_form": MaterialForm(),
            "invite_form": InviteForm(),
            "invitations": selectors.invitation_list(event),
            "counts": selectors.registration_counts(event),
        },
    )


def _manage_again(request: HttpRequest, event: Event, **forms: object) -> HttpResponse:
    context = {
        "event": event,
        "agenda_form": AgendaItemForm(),
        "material_form": MaterialForm(),
        "invite_form": InviteForm(),
        "invitations": selectors.invitation_list(event),
        "counts": selectors.registration_counts(event),
        **forms,
    }
    return render(request, "events/event_manage.html", context, status=422)


@require_POST
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk, "events.change_event")
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        try:
            services.agenda_item_add(actor=request.user, event=event, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Пункт повестки добавлен."))
            return redirect("events:event_manage", pk=pk)
    return _manage_again(request, event, agenda_form=form)


@require_POST
def agenda_remove(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    event = _event(request, pk, "events.change_event")
    item = get_object_or_404(AgendaItem, pk=item_pk, event=event)
    services.agenda_item_remove(actor=request.user, item=item)
    messages.success(request, _("Пункт повестки удалён."))
    return redirect("events:event_manage", pk=pk)


@require_POST
def material_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk, "events.change_event")
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.material_add(actor=request.user, event=event, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Материал добавлен."))
            return redirect("events:event_manage", pk=pk)
    return _manage_again(request, event, material_form=form)


@require_POST
def material_remove(request: HttpRequest, pk: int, material_pk: int) -> HttpResponse:
    event = _event(request, pk, "events.change_event")
    material = get_object_or_404(Material, pk=material_pk, event=event)
    services.material_remove(actor=request.user, material=material)
    messages.success(request, _("Материал удалён."))
    return redirect("events:event_manage", pk=pk)


@require_POST
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk, "events.invite_event")
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            made = services.invite(actor=request.user, event=event, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Отправлено приглашений: %(n)s.") % {"n": len(made)})
            return redirect("events:event_manage", pk=pk)
    return _manage_again(request, event, invite_form=form)


def register(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    if not request.user.has_perm("events.add_registration", event):
        messages.error(request, _("Регистрация на это мероприятие закрыта."))
        return redirect(event)
    initial = {}
    if request.user.is_authenticated:
        initial = {"name": str(request.user), "email": getattr(request.user, "email", "")}
    form = RegistrationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            registration, token = services.registration_create(
                event=event,
                user=request.user,
                client_address=client_address(request),
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                consent_version=CONSENT_VERSION,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return redirect("events:registration", token=token)
    return render(request, "events/registration_form.html", {"event": event, "form": form})


def registration(request: HttpRequest, token: str) -> HttpResponse:
    """The registrant's own page, reached by the personal link: status, QR code, cancel."""
    found = services.registration_by_token(token)
    if found is None:
        raise Http404
    if request.method == "POST" and request.POST.get("action") == "cancel":
        services.registration_cancel(registration=found)
        messages.success(request, _("Регистрация отменена."))
        return redirect("events:registration", token=token)
    link = absolute_url(reverse("events:registration", kwargs={"token": token}))
    return render(
        request,
        "events/registration_detail.html",
        {"registration": found, "event": found.event, "qr": qr_svg(link)},
    )


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    found = services.invitation_by_token(token)
    if found is None:
        raise Http404
    if request.method == "POST":
        accept = request.POST.get("answer") == "accept"
        try:
            services.invitation_reply(invitation=found, accept=accept)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Спасибо, ответ записан."))
        return redirect("events:invitation", token=token)
    link = absolute_url(reverse("events:invitation", kwargs={"token": token}))
    return render(
        request,
        "events/invitation_detail.html",
        {
            "invitation": found,
            "event": found.event,
            "qr": qr_svg(link),
            "accepted": found.status == InvitationStatus.ACCEPTED,
            "registration": found.registrations.exclude(status="cancelled").first(),
        },
    )


def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk, "events.view_registration")
    return render(
        request,
        "events/attendance.html",
        {
            "event": event,
            "registrations": selectors.attendance_list(event),
            "waiting": selectors.waiting_list(event),
            "counts": selectors.registration_counts(event),
        },
    )


@require_POST
def attendance_mark(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    event = _event(request, pk, "events.mark_attendance")
    found = get_object_or_404(Registration, pk=registration_pk, event=event)
    try:
        services.attendance_mark(
            actor=request.user, registration=found, attended=request.POST.get("attended") == "1"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("events:attendance", pk=pk)


def checkin(request: HttpRequest, token: str) -> HttpResponse:
    """The QR code of a registration opens this page at the door: staff mark attendance."""
    found = services.registration_by_token(token)
    if found is None:
        raise Http404
    require_perm(request, "events.mark_attendance", found.event)
    if request.method == "POST":
        try:
            services.attendance_mark(actor=request.user, registration=found)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Участник отмечен."))
        return redirect("events:attendance", pk=found.event_id)
    return render(request, "events/checkin.html", {"registration": found, "event": found.event})


def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    can_edit = request.user.has_perm("events.change_minutes", event)
    can_decide = request.user.has_perm("events.add_decision", event)
    minutes_form = MinutesForm(initial={"minutes": event.minutes})
    decision_form = DecisionForm()
    status = 200
    if request.method == "POST":
        if request.POST.get("form") == "minutes":
            require_perm(request, "events.change_minutes", event)
            minutes_form = MinutesForm(request.POST)
            if minutes_form.is_valid():
                services.minutes_update(
                    actor=request.user, event=event, minutes=minutes_form.cleaned_data["minutes"]
                )
                messages.success(request, _("Протокол сохранён."))
                return redirect("events:minutes", pk=pk)
        else:
            require_perm(request, "events.add_decision", event)
            decision_form = DecisionForm(request.POST)
            if decision_form.is_valid():
                try:
                    services.decision_record(
                        actor=request.user, event=event, **decision_form.service_kwargs()
                    )
                except ValidationError as error:
                    apply_validation_error(decision_form, error)
                else:
                    messages.success(request, _("Решение записано."))
                    return redirect("events:minutes", pk=pk)
        status = 422
    event = selectors.event_get(pk)
    return render(
        request,
        "events/minutes.html",
        {
            "event": event,
            "can_edit": can_edit,
            "can_decide": can_decide,
            "minutes_form": minutes_form,
            "decision_form": decision_form,
        },
        status=status,
    )


@require_POST
def send_reminders(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk, "events.send_reminders")
    sent = remind_event(event=event)
    messages.success(request, _("Отправлено напоминаний: %(n)s.") % {"n": sent})
    return redirect("events:attendance", pk=pk)


def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    response = HttpResponse(
        calendar_bytes([event], event.title), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


def events_feed(request: HttpRequest) -> HttpResponse:
    events = selectors.event_list(public_only=True)[:500]
    return HttpResponse(
        calendar_bytes(events, _("Мероприятия землячеств")),
        content_type="text/calendar; charset=utf-8",
    )
