"""Pages of invitations: sent from a person's card, revoked, accepted by the invitee."""

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zemlyaki.core.errors import TooManyRequests, add_to_form
from zemlyaki.core.security import client_address
from zemlyaki.core.views_utils import require_perm

from . import invitations, services
from .forms_access import AcceptNewUserForm, InviteForm, LinkUserForm
from .models import Person
from .models_access import PersonInvitation
from .rights import own_person
from .rules import allowed


def _person(request: HttpRequest, pk: int, perm: str) -> Person:
    person = get_object_or_404(Person, pk=pk)
    require_perm(request, "people.view_person", person, hide=True)
    require_perm(request, perm, person)
    return person


def card_context(user: Any, person: Person) -> dict[str, Any]:
    """What the card shows about the person's login: for those who may invite."""
    if not allowed(user, "people.invite_person", person):
        return {}
    return {
        "can_invite": True,
        "invite_form": InviteForm(),
        "invitation": invitations.pending_invitation(person),
        "linked_user": person.user,
        "can_link": allowed(user, "people.link_user", person),
        "link_form": LinkUserForm(),
    }


@require_POST
def person_user(request: HttpRequest, pk: int) -> HttpResponse:
    """Link a named login to the card, or unlink it (coordinator)."""
    person = _person(request, pk, "people.link_user")
    try:
        if request.POST.get("action") == "unlink":
            invitations.person_unlink_user(actor=request.user, person=person)
            messages.success(request, _("Учётная запись отвязана от участника."))
            return redirect(person)
        form = LinkUserForm(request.POST)
        user = None
        if form.is_valid():
            user = get_user_model().objects.filter(username=form.cleaned_data["username"]).first()
        if user is None:
            messages.error(request, _("Пользователь не найден."))
            return redirect(person)
        services.person_link_user(actor=request.user, person=person, user=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Участник связан с учётной записью «%(username)s».")
            % {"username": user.get_username()},
        )
    return redirect(person)


@require_POST
def person_invite(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk, "people.invite_person")
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("email", [])))
        return redirect(person)
    try:
        invitation, _token = invitations.invitation_create(
            actor=request.user,
            person=person,
            email=form.cleaned_data["email"],
            base_url=invitations.site_base(request),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Приглашение отправлено на %(email)s; ссылка действует до %(date)s.")
            % {
                "email": invitation.email,
                "date": date_format(timezone.localtime(invitation.expires_at), "d.m.Y"),
            },
        )
    return redirect(person)


@require_POST
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(PersonInvitation.objects.select_related("person"), pk=pk)
    person = _person(request, invitation.person_id, "people.invite_person")
    try:
        invitations.invitation_revoke(actor=request.user, invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Приглашение отозвано: ссылка больше не действует."))
    return redirect(person)


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The invitee's page: set a password for a new login, or link the one signed in."""
    invitation = invitations.invitation_by_token(token)
    if invitation is None or not invitation.is_pending:
        return render(
            request, "people/invitation_invalid.html", {"invitation": invitation}, status=410
        )
    form = AcceptNewUserForm(
        request.POST if request.method == "POST" and not request.user.is_authenticated else None,
        invitation=invitation,
        initial={"username": invitation.email},
    )
    done = _("Готово: ваш профиль участника связан с учётной записью.")
    if request.method == "POST" and request.user.is_authenticated:
        try:
            invitations.invitation_accept(invitation=invitation, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done)
            return redirect("people:person_me")
    elif request.method == "POST" and form.is_valid():
        try:
            user = invitations.invitation_accept_new_user(
                invitation=invitation,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                client_address=client_address(request),
            )
        except (ValidationError, TooManyRequests) as error:
            add_to_form(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, done)
            return redirect("people:person_me")
    context = {
        "invitation": invitation,
        "person": invitation.person,
        "form": form,
        "next": request.get_full_path(),
        "own_person": own_person(request.user),
    }
    return render(request, "people/invitation_accept.html", context)
