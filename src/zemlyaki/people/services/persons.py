"""Writes of persons: creation, update, profile upserts, links to users, memberships."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.accounts.actors import acting_user
from zemlyaki.core.actors import Actor
from zemlyaki.core.models import Region
from zemlyaki.core.services import AuditAction, audit_record, audit_update, model_snapshot

from ..models import (
    Competency,
    ConsentForm,
    Interest,
    Membership,
    MembershipRole,
    OnMatch,
    Person,
)
from ..normalize import clean_name, match_name, normalize_email, normalize_phone, parse_date
from .consent import consent_record
from .texts import DEFAULT_PURPOSE, PERSON_FIELDS, _refresh_texts, person_find_match
from .vocabularies import TermResolver

# ---------------------------------------------------------------- persons


def _region(value: Any) -> Region | None:
    if value in (None, ""):
        return None
    if isinstance(value, Region):
        return value
    region = Region.objects.filter(code=str(value).strip().zfill(2)).first()
    if region is None:
        raise ValidationError({"home_region": _("Неизвестный субъект РФ «%(v)s».") % {"v": value}})
    return region


def clean_person_data(data: dict[str, Any]) -> dict[str, Any]:
    """Normalise the person fields of ``data``; ValidationError with Russian messages per field."""
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for key in PERSON_FIELDS:
        if key not in data:
            continue
        raw = data[key]
        try:
            if key == "phone":
                values[key] = normalize_phone(raw)
            elif key == "email":
                values[key] = normalize_email(raw)
            elif key == "birth_date":
                values[key] = parse_date(raw)
            elif key == "home_region":
                values[key] = _region(raw)
            else:
                values[key] = clean_name(raw)
        except ValidationError as exc:
            errors.setdefault(key, []).extend(exc.messages)
    if "last_name" in data and not values.get("last_name"):
        errors.setdefault("last_name", []).append(_("Укажите фамилию."))
    if "first_name" in data and not values.get("first_name"):
        errors.setdefault("first_name", []).append(_("Укажите имя."))
    if errors:
        raise ValidationError(errors)
    return values


def _is_empty(value: Any) -> bool:
    return value in (None, "")


def apply_fields(person: Person, values: dict[str, Any], mode: str) -> dict[str, Any]:
    """Set the fields by the rule of ``mode`` (create, fill, update); returns the old values
    of the fields that changed."""
    changed: dict[str, Any] = {}
    for key, new in values.items():
        if _is_empty(new) and mode != "create":
            continue
        attname = "home_region_id" if key == "home_region" else key
        old = getattr(person, attname)
        new_value = new.pk if key == "home_region" and new is not None else new
        if mode == "fill" and not _is_empty(old):
            continue
        if old != new_value:
            changed[attname] = old
            setattr(person, attname, new_value)
    return changed


def _save_person(person: Person) -> None:
    person.match_name = match_name(person.last_name, person.first_name, person.patronymic)
    person.full_clean(exclude=["user", "photo", "home_region"])
    person.save()


@transaction.atomic
def person_create(
    *,
    actor: Actor | None,
    data: dict[str, Any],
    association: Any = None,
    role: str = MembershipRole.MEMBER,
    consent: dict[str, Any] | None = None,
    is_demo: bool = False,
) -> Person:
    values = clean_person_data({"last_name": "", "first_name": "", **data})
    person = Person(is_demo=is_demo)
    apply_fields(person, values, "create")
    if "show_as_expert" in data:
        person.show_as_expert = bool(data["show_as_expert"])
    _save_person(person)
    _set_terms(person, data, actor=actor)
    _refresh_texts(person)
    if association is not None:
        Membership.objects.create(person=person, association=association, role=role)
    audit_record(
        actor=actor, action=AuditAction.CREATE, instance=person, after=model_snapshot(person)
    )
    if consent:
        consent_record(actor=actor, person=person, **consent)
    return person


def _set_terms(
    person: Person, data: dict[str, Any], *, actor: Actor | None, replace: bool = False
) -> bool:
    changed = False
    for relation, model in (("competencies", Competency), ("interests", Interest)):
        if relation not in data or data[relation] is None:
            continue
        terms = TermResolver(model).resolve(data[relation])
        manager = getattr(person, relation)
        current = set(manager.values_list("pk", flat=True))
        wanted = {t.pk for t in terms}
        if replace and current - wanted:
            manager.remove(*(current - wanted))
            changed = True
        if wanted - current:
            manager.add(*(wanted - current))
            changed = True
    return changed


@transaction.atomic
def person_update(
    *,
    actor: Actor | None,
    person: Person,
    data: dict[str, Any],
    mode: str = "update",
    replace_terms: bool = True,
) -> Person:
    """Change a profile. ``mode``: "update" sets every given field, "fill" only empty ones."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.erased_at:
        raise ValidationError(_("Персональные данные этого участника удалены."))
    before = model_snapshot(person)
    values = clean_person_data(data)
    apply_fields(person, values, "create" if mode == "update" else mode)
    if "show_as_expert" in data and data["show_as_expert"] is not None:
        person.show_as_expert = bool(data["show_as_expert"])
    if "photo" in data:
        person.photo = data["photo"] or ""
    _save_person(person)
    _set_terms(person, data, actor=actor, replace=replace_terms and mode == "update")
    _refresh_texts(person)
    after = model_snapshot(person)
    audit_update(actor=actor, instance=person, before=before, after=after)
    return person


@transaction.atomic
def person_upsert_from_profile(
    *, actor: Actor | None, data: dict[str, Any], association: Any = None, on_match: str = "fill"
) -> tuple[Person, bool]:
    """Create a person from profile data, or apply it to the person it matches (the same
    matching as the import) by the rule ``on_match``: "skip", "fill" or "update".
    Returns the person and whether it was created."""
    if on_match not in OnMatch.values:
        raise ValidationError({"on_match": _("Недопустимое значение.")})
    values = clean_person_data({"last_name": "", "first_name": "", **data})
    person, _on = person_find_match(
        last_name=values["last_name"],
        first_name=values["first_name"],
        patronymic=values.get("patronymic", ""),
        birth_date=values.get("birth_date"),
        phone=values.get("phone", ""),
        email=values.get("email", ""),
    )
    consent = data.get("consent") or None
    if consent:
        consent = {
            "purpose": consent.get("purpose") or DEFAULT_PURPOSE,
            "form": consent.get("form") or ConsentForm.QUESTIONNAIRE,
            "given_on": parse_date(consent.get("given_on")) or timezone.localdate(),
        }
    if person is None:
        person = person_create(actor=actor, data=data, association=association, consent=consent)
        return person, True
    if on_match != OnMatch.SKIP:
        person = person_update(
            actor=actor, person=person, data=data, mode=on_match, replace_terms=False
        )
    if association is not None:
        Membership.objects.get_or_create(person=person, association=association)
    if consent:
        consent_record(actor=actor, person=person, **consent)
    return person, False


@transaction.atomic
def person_link_user(*, actor: Actor | None, person: Person, user: Any) -> Person:
    """Tie a login to a person's card: one login per person, one person per login. A
    conflict is refused (code "conflict") and nothing changes. The given object is
    updated too."""
    given, person = person, Person.objects.select_for_update().get(pk=person.pk)
    if person.erased_at:
        raise ValidationError(_("Персональные данные этого участника удалены."), code="erased")
    if person.user_id == user.pk:
        return person
    if person.user_id is not None:
        raise ValidationError(
            _("С этим участником уже связана другая учётная запись."), code="conflict"
        )
    if Person.objects.filter(user=user).exists():
        raise ValidationError(
            _("Учётная запись «%(username)s» уже связана с другим участником.")
            % {"username": user.get_username()},
            code="conflict",
        )
    before = model_snapshot(person, ["user"])
    person.user = user
    person.save(update_fields=["user", "updated_at"])
    given.user = user
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=person,
        before=before,
        after=model_snapshot(person, ["user"]),
    )
    return person


@transaction.atomic
def person_set_initiative(
    *, actor: Actor | None, person: Person, value: bool, reason: str = ""
) -> Person:
    person = Person.objects.select_for_update().get(pk=person.pk)
    fields = ["is_initiative", "initiative_marked_by", "initiative_marked_at", "initiative_reason"]
    before = model_snapshot(person, fields)
    if value and not reason.strip():
        raise ValidationError({"initiative_reason": _("Укажите, за что отмечен участник.")})
    person.is_initiative = value
    person.initiative_marked_by = acting_user(actor) if value else None
    person.initiative_marked_at = timezone.now() if value else None
    person.initiative_reason = reason.strip() if value else ""
    person.save(update_fields=[*fields, "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=person,
        before=before,
        after=model_snapshot(person, fields),
    )
    return person


@transaction.atomic
def membership_set(
    *,
    actor: Actor | None,
    person: Person,
    association: Any,
    role: str = MembershipRole.MEMBER,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> Membership:
    membership, created = Membership.objects.get_or_create(
        person=person, association=association, defaults={"role": role}
    )
    before = {} if created else model_snapshot(membership)
    membership.role, membership.since, membership.until = role, since, until
    if since and until and until < since:
        raise ValidationError({"until": _("Дата окончания раньше даты начала.")})
    membership.full_clean()
    membership.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        instance=membership,
        before=before,
        after=model_snapshot(membership),
    )
    return membership
