"""What the surveys app holds about a person of the registry, for «Мои данные» and for the
erasure of their data (``core.registries.personal_data``).

A response is the person's when it is tied to their card (directly or by their personal
link) or when an anonymous form's e-mail question was answered with their address.
Erasure drops the answers that name or reach the person (name, birth date, contacts,
workplace), the profile changes proposed from the response and the tie to the card and
the browser; the other answers stay, anonymous, so a survey's results still add up.
Personal links to questionnaires are deleted."""

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy

from zemlyaki.core.actors import Actor
from zemlyaki.core.personal_data import audit_forget
from zemlyaki.core.registries import PersonalDataHolder

from .models import Answer, Invitation, ProfileChange, ProfileField, Response

# Answers that make a response someone's: dropped on erasure.
ERASED_FIELDS = [
    ProfileField.LAST_NAME,
    ProfileField.FIRST_NAME,
    ProfileField.PATRONYMIC,
    ProfileField.BIRTH_DATE,
    ProfileField.PHONE,
    ProfileField.EMAIL,
    ProfileField.WORKPLACE,
]


def _d(value: Any) -> Any:
    return value.isoformat() if value else None


def _responses(person: Any) -> Any:
    match = Q(person=person) | Q(invitation__person=person)
    addresses = {a for a in {person.email or "", (person.email or "").lower()} if a}
    if addresses:
        same = Q()
        for address in addresses:
            same |= Q(value=address)
        by_address = Answer.objects.filter(same, question__profile_field=ProfileField.EMAIL)
        match |= Q(pk__in=by_address.values("response_id"))
    return Response.objects.filter(match).select_related("survey").order_by("created_at", "pk")


def responses_export(person: Any, user: Any) -> list[dict[str, Any]]:
    found = []
    for response in _responses(person).prefetch_related("answers__question"):
        answers = sorted(response.answers.all(), key=lambda a: (a.question.position, a.pk))
        found.append(
            {
                "survey": response.survey.title,
                "status": response.get_status_display(),
                "submitted_at": _d(response.submitted_at),
                "answers": {
                    a.question.title: a.value if not a.other else [a.value, a.other]
                    for a in answers
                },
            }
        )
    return found


def responses_erase(person: Any, user: Any, actor: Actor | None) -> int:
    """Anonymise the person's responses; the caller holds the transaction."""
    ids = list(_responses(person).values_list("pk", flat=True))
    Answer.objects.filter(response_id__in=ids, question__profile_field__in=ERASED_FIELDS).delete()
    changes = ProfileChange.objects.filter(Q(response_id__in=ids) | Q(person=person))
    audit_forget(changes, person=person, user=user)
    changes.delete()
    Response.objects.filter(pk__in=ids).update(person=None, key_hash="", ip_hash="")
    return len(ids)


def invitations_export(person: Any, user: Any) -> list[dict[str, Any]]:
    return [
        {"survey": i.survey.title, "email": i.email, "sent_at": _d(i.sent_at)}
        for i in Invitation.objects.filter(person=person).select_related("survey").order_by("pk")
    ]


def invitations_erase(person: Any, user: Any, actor: Actor | None) -> int:
    """Personal links go; a response given by one stays, without the link."""
    _total, by_model = Invitation.objects.filter(person=person).delete()
    return by_model.get(Invitation._meta.label, 0)


HOLDERS = [
    PersonalDataHolder(
        "surveys.responses",
        gettext_lazy("Ответы на анкеты"),
        responses_export,
        responses_erase,
    ),
    PersonalDataHolder(
        "surveys.invitations",
        gettext_lazy("Приглашения заполнить анкету"),
        invitations_export,
        invitations_erase,
    ),
]
