"""Invitations and registrations with capacity and a waiting list."""

import datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.core.actors import Actor
from zemlyaki.core.security import client_key, new_token, token_hash
from zemlyaki.core.services import AuditAction, audit_record
from zemlyaki.core.text import fold
from zemlyaki.people.consents import consent_record_public

from ..models import (
    Event,
    EventStatus,
    Invitation,
    InvitationStatus,
    Registration,
    RegistrationStatus,
)
from .base import logger

# Invitations ---------------------------------------------------------------------------


def _invite(
    *,
    actor: Actor | None,
    event: Event,
    person: Any = None,
    name: str = "",
    email: str = "",
    via_body: Any = None,
    via_stakeholder: Any = None,
) -> Invitation | None:
    if person is not None:
        if Invitation.objects.filter(event=event, person=person).exists():
            return None
        name = name or str(person)
        email = email or person.email
    token, digest = new_token()
    invitation = Invitation(
        event=event,
        person=person,
        name=name,
        email=email,
        via_body=via_body,
        via_stakeholder=via_stakeholder,
        token_hash=digest,
        sent_at=timezone.now() if email else None,
    )
    invitation.full_clean(exclude=["token_hash"])
    invitation.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=invitation,
        after={"name": name, "email": email, "event": event.title},
    )
    if email:
        from ..mail import send_invitation

        pk = invitation.pk
        transaction.on_commit(partial(_deliver, send_invitation, invitation_id=pk, token=token))
    invitation.token = token  # type: ignore[attr-defined]  # shown once, never stored
    return invitation


@transaction.atomic
def invite_person(*, actor: Actor | None, event: Event, person: Any) -> Invitation | None:
    """Invite one person; ``None`` when they are already invited."""
    return _invite(actor=actor, event=event, person=person)


@transaction.atomic
def invite_body(*, actor: Actor | None, event: Event, body: Any) -> list[Invitation]:
    """Invite every current member of a body."""
    from zemlyaki.governance.selectors import body_members

    made = []
    for member in body_members(body, current_only=True):
        invitation = _invite(actor=actor, event=event, person=member.person, via_body=body)
        if invitation is not None:
            made.append(invitation)
    return made


@transaction.atomic
def invite_stakeholder(*, actor: Actor | None, event: Event, stakeholder: Any) -> list[Invitation]:
    """Invite the people who represent a stakeholder in any body, or, when nobody does
    yet, the stakeholder's own contact."""
    from zemlyaki.governance.models import BodyMember
    from zemlyaki.governance.services import current_members_q

    people = {
        m.person_id: m.person
        for m in BodyMember.objects.filter(current_members_q(), stakeholder=stakeholder)
        .select_related("person")
        .order_by("person__last_name")
    }
    made = []
    for person in people.values():
        invitation = _invite(actor=actor, event=event, person=person, via_stakeholder=stakeholder)
        if invitation is not None:
            made.append(invitation)
    if not people:
        if not stakeholder.email:
            raise ValidationError(
                {
                    "stakeholder": [
                        _("У субъекта нет ни представителей в органах, ни электронной почты.")
                    ]
                }
            )
        name = stakeholder.contact_person or stakeholder.name
        if not event.invitations.filter(email__iexact=stakeholder.email).exists():
            invitation = _invite(
                actor=actor,
                event=event,
                name=f"{name} ({stakeholder.name})" if stakeholder.contact_person else name,
                email=stakeholder.email,
                via_stakeholder=stakeholder,
            )
            if invitation is not None:
                made.append(invitation)
    return made


@transaction.atomic
def invite(
    *,
    actor: Actor | None,
    event: Event,
    person: Any = None,
    body: Any = None,
    stakeholder: Any = None,
) -> list[Invitation]:
    """Invite one person, every current member of a body or a stakeholder's representatives —
    exactly one of the three; returns the invitations made (none for those already invited)."""
    chosen = [x for x in (person, body, stakeholder) if x is not None]
    if len(chosen) != 1:
        raise ValidationError(_("Выберите одно: участника, орган или субъекта стратегии."))
    if person is not None:
        one = invite_person(actor=actor, event=event, person=person)
        return [one] if one is not None else []
    if body is not None:
        return invite_body(actor=actor, event=event, body=body)
    return invite_stakeholder(actor=actor, event=event, stakeholder=stakeholder)


def invitation_by_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("event", "person")
        .filter(token_hash=token_hash(token))
        .first()
    )


@transaction.atomic
def invitation_reply(*, invitation: Invitation, accept: bool) -> Registration | None:
    """Record the reply; accepting registers the guest (subject to the event's capacity)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    before = {"status": invitation.status}
    invitation.status = InvitationStatus.ACCEPTED if accept else InvitationStatus.DECLINED
    invitation.replied_at = timezone.now()
    invitation.save(update_fields=["status", "replied_at"])
    audit_record(
        actor=None,
        action=AuditAction.UPDATE,
        instance=invitation,
        before=before,
        after={"status": invitation.status},
    )
    active = invitation.registrations.exclude(status=RegistrationStatus.CANCELLED).first()
    if accept:
        if active is not None:
            return active
        if not invitation.email:
            raise ValidationError(
                {
                    "email": [
                        _(
                            "В приглашении нет электронной почты: зарегистрируйтесь на странице мероприятия."
                        )
                    ]
                }
            )
        registration, _token = registration_create(
            event=invitation.event,
            name=invitation.name,
            email=invitation.email,
            person=invitation.person,
            invitation=invitation,
        )
        return registration
    if active is not None:
        registration_cancel(registration=active)
    return None


# Registration --------------------------------------------------------------------------


def _rate_limit(key: str) -> None:
    if not key:
        return
    limit = getattr(settings, "ZEMLYAKI_REGISTRATION_RATE_PER_HOUR", 10)
    since = timezone.now() - datetime.timedelta(hours=1)
    if Registration.objects.filter(client_key=key, created_at__gte=since).count() >= limit:
        raise ValidationError(
            _("Слишком много регистраций с одного адреса. Попробуйте через час."),
            code="rate_limited",
        )


@transaction.atomic
def registration_create(
    *,
    event: Event,
    name: str,
    email: str,
    user: Any = None,
    person: Any = None,
    invitation: Invitation | None = None,
    client_address: str = "",
    notify: bool = True,
    consent_version: str = "",
) -> tuple[Registration, str]:
    """Register for an event: confirmed while places remain, otherwise on the waiting list.

    The event row is locked for the count and the insert, so parallel registrations can
    never take more places than there are. Returns the registration and its personal token.
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    key = client_key(client_address)
    errors: dict[str, list[str]] = {}
    name, email = (name or "").strip(), (email or "").strip()
    if not name:
        errors["name"] = [_("Укажите имя.")]
    if not email:
        errors["email"] = [_("Укажите электронную почту.")]
    if errors:
        raise ValidationError(errors)
    if event.status != EventStatus.PLANNED or (not event.registration_open and invitation is None):
        raise ValidationError(_("Регистрация на это мероприятие закрыта."), code="closed")
    _rate_limit(key)
    email_key = fold(email)
    if (
        event.registrations.filter(email_key=email_key)
        .exclude(status=RegistrationStatus.CANCELLED)
        .exists()
    ):
        raise ValidationError({"email": [_("С этой почты уже есть регистрация на мероприятие.")]})
    confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    full = event.capacity is not None and confirmed >= event.capacity
    token, digest = new_token()
    registration = Registration(
        event=event,
        name=name,
        email=email,
        email_key=email_key,
        user=user if getattr(user, "is_authenticated", False) else None,
        person=person,
        invitation=invitation,
        status=RegistrationStatus.WAITLISTED if full else RegistrationStatus.CONFIRMED,
        token_hash=digest,
        client_key=key,
    )
    registration.full_clean(exclude=["token_hash", "email_key", "client_key"])
    registration.save()
    if consent_version:  # the box of the public form (152-FZ): recorded with its text
        consent_record_public(
            purpose=_("Регистрация на мероприятие «%(title)s»") % {"title": event.title},
            source=f"events.registration:{registration.pk}",
            name=name,
            contact=email,
            person=person,
            user=user,
            version=consent_version,
        )
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        instance=registration,
        after={"event": event.title, "status": registration.status},
    )
    if notify:
        from ..mail import send_registration

        pk = registration.pk
        transaction.on_commit(partial(_deliver, send_registration, registration_id=pk, token=token))
    return registration, token


def registration_by_token(token: str) -> Registration | None:
    return Registration.objects.select_related("event").filter(token_hash=token_hash(token)).first()


def send_promoted_later(registration_id: int) -> None:
    from ..mail import send_promoted

    _deliver(send_promoted, registration_id=registration_id)


def _deliver(send: Any, **kwargs: Any) -> None:
    """Send a letter after commit; a mail server failure is logged, the registration stays.

    The personal token exists only in this letter, so it is not handed to a task queue
    (which would store it)."""
    try:
        send(**kwargs)
    except Exception:
        logger.exception("Не удалось отправить письмо (%s)", getattr(send, "__name__", send))


def _promote_waitlist(event: Event, *, actor: Actor | None = None) -> list[Registration]:
    """Move the earliest waiting registrations up while places are free (event locked)."""
    if event.capacity is None:
        free = None
    else:
        confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
        free = max(event.capacity - confirmed, 0)
    waiting = event.registrations.filter(status=RegistrationStatus.WAITLISTED).order_by(
        "created_at", "pk"
    )
    moved = list(waiting if free is None else waiting[:free])
    for registration in moved:
        registration.status = RegistrationStatus.CONFIRMED
        registration.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=registration,
            before={"status": RegistrationStatus.WAITLISTED},
            after={"status": RegistrationStatus.CONFIRMED},
            comment=_("Место освободилось"),
        )
        transaction.on_commit(partial(send_promoted_later, registration.pk))
    return moved


@transaction.atomic
def registration_cancel(*, registration: Registration, actor: Actor | None = None) -> Registration:
    """Cancel; the first registration of the waiting list takes the freed place."""
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        return registration
    before = registration.status
    registration.status = RegistrationStatus.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=registration,
        before={"status": before},
        after={"status": registration.status},
    )
    _promote_waitlist(event, actor=actor)
    return registration
