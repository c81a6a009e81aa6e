"""The rights of the data subject: export and erasure of a person's data."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.core.actors import Actor
from zemlyaki.core.models import AuditEntry
from zemlyaki.core.services import AuditAction, audit_record

from ..holders import erase_elsewhere
from ..models import (
    AccessLogEntry,
    ImportRow,
    Person,
)

# ---------------------------------------------------------------- rights of the data subject


def person_export_data(person: Person) -> dict[str, Any]:
    """Everything held about a person, as plain JSON-ready data."""
    person = (
        Person.objects.select_related("home_region", "user", "initiative_marked_by")
        .prefetch_related("competencies", "interests")
        .get(pk=person.pk)
    )

    def d(value: Any) -> Any:
        return value.isoformat() if value else None

    return {
        "id": person.pk,
        "last_name": person.last_name,
        "first_name": person.first_name,
        "patronymic": person.patronymic,
        "birth_date": d(person.birth_date),
        "phone": person.phone,
        "email": person.email,
        "home_region": person.home_region.name if person.home_region else None,
        "home_place": person.home_place,
        "moscow_district": person.moscow_district,
        "occupation": person.occupation,
        "workplace": person.workplace,
        "competencies": sorted(c.name for c in person.competencies.all()),
        "interests": sorted(i.name for i in person.interests.all()),
        "show_as_expert": person.show_as_expert,
        "is_initiative": person.is_initiative,
        "initiative_reason": person.initiative_reason,
        "initiative_marked_at": d(person.initiative_marked_at),
        "photo": person.photo.name or None,
        "user": person.user.get_username() if person.user else None,
        "created_at": d(person.created_at),
        "updated_at": d(person.updated_at),
        "memberships": [
            {
                "association": str(m.association),
                "role": m.get_role_display(),
                "since": d(m.since),
                "until": d(m.until),
            }
            for m in person.memberships.select_related("association").order_by("association__name")
        ],
        "consents": [
            {
                "purpose": c.purpose,
                "form": c.get_form_display(),
                "given_on": d(c.given_on),
                "withdrawn_on": d(c.withdrawn_on),
                "recorded_by": c.recorded_by.get_username() if c.recorded_by else None,
            }
            for c in person.consents.select_related("recorded_by").order_by("given_on", "pk")
        ],
        "candidate_lists": [
            e.candidate_list.name for e in person.candidacies.select_related("candidate_list")
        ],
        "imports": [
            {"file": r.member_import.file_name, "row": r.number, "outcome": r.outcome}
            for r in ImportRow.objects.filter(person=person).select_related("member_import")
        ],
        "access_log": [
            {"when": d(e.created_at), "who": e.user_repr, "action": e.get_action_display()}
            for e in AccessLogEntry.objects.filter(person=person).order_by("created_at", "pk")
        ],
    }


ERASED_FIELDS = {
    "last_name": "",
    "first_name": "",
    "patronymic": "",
    "birth_date": None,
    "phone": "",
    "email": "",
    "home_place": "",
    "moscow_district": "",
    "occupation": "",
    "workplace": "",
    "initiative_reason": "",
    "match_name": "",
    "search_text": "",
    "expertise_text": "",
    "show_as_expert": False,
}


def person_erase_plan(person: Person) -> dict[str, int]:
    return {
        "persons": 1,
        "consents": person.consents.count(),
        "import_rows": ImportRow.objects.filter(person=person).count(),
        "audit_entries": AuditEntry.objects.filter(
            object_type="people.person", object_id=str(person.pk)
        ).count(),
        "candidate_entries": person.candidacies.count(),
        "memberships_kept": person.memberships.count(),
    }


@transaction.atomic
def person_erase(*, actor: Actor | None, person: Person) -> dict[str, int]:
    """Remove a person's personal data. What stays is anonymous: the record's id, its
    memberships, competencies and interests, so counts by association and by competency
    still add up."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.erased_at:
        raise ValidationError(_("Персональные данные этого участника уже удалены."))
    plan = person_erase_plan(person)
    # The log of changes of what hangs on the person names them too (a consent is
    # "Name: purpose", a membership "Name — association"): those records lose it as well.
    related = {
        "people.consent": person.consents.values_list("pk", flat=True),
        "people.membership": person.memberships.values_list("pk", flat=True),
        "people.candidateentry": person.candidacies.values_list("pk", flat=True),
        "people.personinvitation": person.invitations.values_list("pk", flat=True),
    }
    related_ids = {label: [str(pk) for pk in ids] for label, ids in related.items()}
    # Other apps' records first, while the card still has the name, address and login
    # they are matched by.
    elsewhere = erase_elsewhere(person=person, user=person.user, actor=actor)
    for key, value in ERASED_FIELDS.items():
        setattr(person, key, value)
    if person.photo:
        person.photo.delete(save=False)
    person.photo = ""
    person.home_region = None
    person.user = None
    person.has_consent = False
    person.erased_at = timezone.now()
    person.save()
    person.consents.all().delete()
    person.candidacies.all().delete()
    person.invitations.all().delete()
    ImportRow.objects.filter(person=person).update(data={}, messages=[], undo={})
    AuditEntry.objects.filter(Q(object_type="people.person", object_id=str(person.pk))).update(
        before={}, after={}, object_repr=str(person)
    )
    for label, ids in related_ids.items():
        AuditEntry.objects.filter(object_type=label, object_id__in=ids).update(
            before={}, after={}, object_repr=str(person)
        )
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        instance=person,
        comment=_("персональные данные удалены по требованию субъекта"),
        after={"elsewhere": elsewhere},
    )
    return {**plan, **elsewhere}
