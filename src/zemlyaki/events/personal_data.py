"""What the events app holds about a person of the registry, for «Мои данные» and for the
erasure of their data (``core.registries.personal_data``).

Registrations are found by the card, by the login, or by the address (a registration
made without signing in). Erasure anonymises them — no name, address or login — but keeps
the row with its status and attendance mark, so the counts of an event still add up.
Personal invitations lose their addressee the same way."""

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy

from zemlyaki.core.actors import Actor
from zemlyaki.core.models import AuditEntry
from zemlyaki.core.registries import PersonalDataHolder
from zemlyaki.core.text import fold

from .models import Invitation, Registration

ERASED_NAME = gettext_lazy("удалённый участник")


def _d(value: Any) -> Any:
    return value.isoformat() if value else None


def _addresses(person: Any, user: Any) -> set[str]:
    found = {fold(person.email or "")}
    if user is not None:
        found.add(fold(getattr(user, "email", "") or ""))
    return found - {""}


def _registrations(person: Any, user: Any) -> Any:
    match = Q(person=person) | Q(email_key__in=_addresses(person, user))
    if user is not None:
        match |= Q(user=user)
    return Registration.objects.filter(match).select_related("event").order_by("created_at", "pk")


def _invitations(person: Any) -> Any:
    match = Q(person=person)
    if person.email:
        match |= Q(email__iexact=person.email)
    return Invitation.objects.filter(match).select_related("event").order_by("created_at", "pk")


def registrations_export(person: Any, user: Any) -> list[dict[str, Any]]:
    return [
        {
            "event": r.event.title,
            "starts_at": _d(r.event.starts_at),
            "name": r.name,
            "email": r.email,
            "status": r.get_status_display(),
            "registered_at": _d(r.created_at),
            "attended_at": _d(r.attended_at),
        }
        for r in _registrations(person, user)
    ]


def _forget_log(label: str, ids: list[int], repr_of: dict[int, str]) -> None:
    for pk in ids:
        AuditEntry.objects.filter(object_type=label, object_id=str(pk)).update(
            before={}, after={}, object_repr=repr_of[pk][:255]
        )


def registrations_erase(person: Any, user: Any, actor: Actor | None) -> int:
    """Anonymise the person's registrations; the caller holds the transaction."""
    erased = str(ERASED_NAME)
    done: dict[int, str] = {}
    for registration in _registrations(person, user).select_for_update(of=("self",)):
        registration.name = erased
        registration.email = ""
        registration.email_key = f"erased:{registration.pk}"  # keeps the active-email rule
        registration.person = None
        registration.user = None
        registration.client_key = ""
        registration.save(
            update_fields=["name", "email", "email_key", "person", "user", "client_key"]
        )
        done[registration.pk] = str(registration)
    _forget_log("events.registration", list(done), done)
    return len(done)


def invitations_export(person: Any, user: Any) -> list[dict[str, Any]]:
    return [
        {
            "event": i.event.title,
            "name": i.name,
            "email": i.email,
            "status": i.get_status_display(),
            "sent_at": _d(i.sent_at),
        }
        for i in _invitations(person)
    ]


def invitations_erase(person: Any, user: Any, actor: Actor | None) -> int:
    erased = str(ERASED_NAME)
    done: dict[int, str] = {}
    for invitation in _invitations(person).select_for_update(of=("self",)):
        invitation.name = erased
        invitation.email = ""
        invitation.person = None
        invitation.save(update_fields=["name", "email", "person"])
        done[invitation.pk] = str(invitation)
    _forget_log("events.invitation", list(done), done)
    return len(done)


HOLDERS = [
    PersonalDataHolder(
        "events.registrations",
        gettext_lazy("Регистрации на мероприятия"),
        registrations_export,
        registrations_erase,
    ),
    PersonalDataHolder(
        "events.invitations",
        gettext_lazy("Приглашения на мероприятия"),
        invitations_export,
        invitations_erase,
    ),
]
