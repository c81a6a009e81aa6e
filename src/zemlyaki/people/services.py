"""Writes of the people app: persons, memberships, consent, vocabularies, candidate lists,
access log, and the data-subject rights (export, erasure). Imports live in ``importing``."""

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.core.models import AuditEntry, Region
from zemlyaki.core.services import AuditAction, audit_record, audit_update, model_snapshot
from zemlyaki.core.text import fold, lemma, search_document, words

from .holders import erase_elsewhere
from .models import (
    AccessLogEntry,
    CandidateEntry,
    CandidateList,
    Competency,
    Consent,
    ConsentForm,
    ImportRow,
    Interest,
    Membership,
    MembershipRole,
    OnMatch,
    Person,
    VocabularyTerm,
)
from .normalize import clean_name, match_name, normalize_email, normalize_phone, parse_date

__all__ = [
    "normalize_phone",
    "normalize_email",
    "person_find_match",
    "person_upsert_from_profile",
]

PERSON_FIELDS = (
    "last_name", "first_name", "patronymic", "birth_date", "phone", "email", "home_region",
    "home_place", "moscow_district", "occupation", "workplace",
)  # fmt: skip
DEFAULT_PURPOSE = "учёт членов землячества и формирование экспертного сообщества"


# ---------------------------------------------------------------- text columns


def _plain_words(text: str | None) -> str:
    # Hyphenated words are split so that SQLite's substring test and PostgreSQL's
    # tsvector see exactly the same words.
    return (text or "").replace("-", " ")


def phrase_key(text: str) -> str:
    return " ".join(lemma(w) for w in words(_plain_words(text)))


def term_keys(name: str, synonyms: str) -> str:
    """``|key|key|``: the lemmatised name and synonyms of a vocabulary term."""
    keys = [phrase_key(name)] + [phrase_key(s) for s in synonyms.split(",") if s.strip()]
    keys = [k for k in dict.fromkeys(keys) if k]
    return "|" + "|".join(keys) + "|" if keys else ""


def person_texts(
    person: Person, competencies: Sequence[str], interests: Sequence[str]
) -> tuple[str, str]:
    """(search_text, expertise_text) of a person."""
    if person.erased_at:
        return "", ""
    expertise = search_document(*(_plain_words(n) for n in [*competencies, *interests]))
    search = search_document(
        *(
            _plain_words(p)
            for p in (
                person.last_name,
                person.first_name,
                person.patronymic,
                person.occupation,
                person.workplace,
                *competencies,
                *interests,
            )
        )
    )
    return search, expertise


def _refresh_texts(person: Person) -> None:
    competencies = [c.name for c in person.competencies.all()]
    interests = [i.name for i in person.interests.all()]
    person.search_text, person.expertise_text = person_texts(person, competencies, interests)
    Person.objects.filter(pk=person.pk).update(
        search_text=person.search_text, expertise_text=person.expertise_text
    )


# ---------------------------------------------------------------- matching


def person_find_match(
    *,
    last_name: str,
    first_name: str,
    patronymic: str = "",
    birth_date: datetime.date | None = None,
    phone: str = "",
    email: str = "",
) -> tuple[Person | None, str]:
    """The existing person this data describes, and on what it matched:
    "name_birth_date" (full name with ё = е plus birth date), "phone", "email" or ""."""
    live = Person.objects.filter(erased_at__isnull=True)
    name = match_name(last_name, first_name, patronymic)
    if name and birth_date:
        found = live.filter(match_name=name, birth_date=birth_date).order_by("pk").first()
        if found:
            return found, "name_birth_date"
    try:
        phone = normalize_phone(phone)
    except ValidationError:
        phone = ""
    if phone:
        found = live.filter(phone=phone).order_by("pk").first()
        if found:
            return found, "phone"
    email = (email or "").strip().lower()
    if email:
        found = live.filter(email__iexact=email).order_by("pk").first()
        if found:
            return found, "email"
    return None, ""


# ---------------------------------------------------------------- vocabularies


def term_model(kind: str) -> Any:
    if kind in {"competency", "competencies"}:
        return Competency
    if kind in {"interest", "interests"}:
        return Interest
    raise ValueError(kind)


class TermResolver:
    """Finds vocabulary terms by name or synonym; creates free-text additions for the rest.

    Loads the whole vocabulary once, so an import of many rows asks the database once."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.by_key: dict[str, Any] = {}
        self.created: list[Any] = []
        for term in model.objects.order_by("-is_approved", "pk"):
            for key in term.search_text.strip("|").split("|"):
                if key:
                    self.by_key.setdefault(key, term)
            self.by_key.setdefault(term.folded_name, term)

    def resolve(self, items: Iterable[Any]) -> list[Any]:
        result: dict[int, Any] = {}
        for item in items:
            if isinstance(item, VocabularyTerm):
                result[item.pk] = item
                continue
            if isinstance(item, int) or (isinstance(item, str) and item.isdigit()):
                term = self.model.objects.filter(pk=int(item)).first()
                if term is None:
                    raise ValidationError(
                        _("Нет такой записи словаря: %(id)s.") % {"id": item}, code="term"
                    )
                result[term.pk] = term
                continue
            name = clean_name(item)[:150]
            if not name:
                continue
            key = phrase_key(name) or fold(name)
            term = self.by_key.get(key) or self.by_key.get(fold(name))
            if term is None:
                term = self.model.objects.create(
                    name=name,
                    is_approved=False,
                    folded_name=fold(name),
                    search_text=term_keys(name, ""),
                )
                self.created.append(term)
                self.by_key[key] = term
                self.by_key[fold(name)] = term
            result[term.pk] = term
        return list(result.values())


def _vocabulary_changed() -> None:
    from .selectors import forget_vocabulary

    transaction.on_commit(forget_vocabulary)
    forget_vocabulary()


def _term_clean(term: Any) -> None:
    term.name = clean_name(term.name)
    term.folded_name = fold(term.name)
    term.search_text = term_keys(term.name, term.synonyms)
    term.full_clean()
    if term.parent_id and term.parent.parent_id:
        raise ValidationError({"parent": _("Сферой может быть только запись верхнего уровня.")})
    clash = type(term).objects.filter(folded_name=term.folded_name, parent=term.parent_id)
    if term.pk:
        clash = clash.exclude(pk=term.pk)
    if clash.exists():
        raise ValidationError({"name": _("Такая запись в этой сфере уже есть.")})


@transaction.atomic
def term_create(*, actor: Any, kind: str, name: str, parent: Any = None, synonyms: str = "") -> Any:
    model = term_model(kind)
    term = model(name=name, parent=parent, synonyms=synonyms, is_approved=True)
    _term_clean(term)
    term.save()
    audit_record(actor=actor, action=AuditAction.CREATE, instance=term, after=model_snapshot(term))
    _vocabulary_changed()
    return term


@transaction.atomic
def term_update(*, actor: Any, term: Any, **fields: Any) -> Any:
    unknown = set(fields) - {"name", "parent", "synonyms", "is_approved"}
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    term = type(term).objects.select_for_update().get(pk=term.pk)
    before = model_snapshot(term)
    old_name = term.name
    for key, value in fields.items():
        setattr(term, key, value)
    _term_clean(term)
    term.save()
    _vocabulary_changed()
    if term.name != old_name:
        for person in Person.objects.filter(**{f"{type(term).__name__.lower()}__pk": term.pk}):
            _refresh_texts(person)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=term,
        before=before,
        after=model_snapshot(term),
    )
    return term


@transaction.atomic
def term_merge(*, actor: Any, source: Any, target: Any) -> Any:
    """Merge a (usually free-text) term into another: people keep it under the target's
    name, and the source's name becomes the target's synonym."""
    model = type(source)
    if type(target) is not model or source.pk == target.pk:
        raise ValidationError({"target": _("Выберите другую запись того же словаря.")})
    if model.objects.filter(parent=source).exists():
        raise ValidationError({"source": _("Нельзя объединить сферу, в которой есть записи.")})
    relation = "competencies" if model is Competency else "interests"
    persons = list(Person.objects.filter(**{f"{relation}": source}))
    for person in persons:
        getattr(person, relation).add(target)
        getattr(person, relation).remove(source)
    synonyms = target.synonym_list()
    if fold(source.name) not in {fold(s) for s in synonyms} and fold(source.name) != fold(
        target.name
    ):
        synonyms.append(source.name)
    before = model_snapshot(target)
    target.synonyms = ", ".join(synonyms)[:500]
    _term_clean(target)
    target.save()
    _vocabulary_changed()
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        instance=source,
        before=model_snapshot(source),
        comment=_("объединено с «%(name)s»") % {"name": target.name},
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=target,
        before=before,
        after=model_snapshot(target),
    )
    source.delete()
    for person in persons:
        _refresh_texts(person)
    return target


@transaction.atomic
def term_delete(*, actor: Any, term: Any) -> None:
    if type(term).objects.filter(parent=term).exists() or term.persons.exists():  # type: ignore[attr-defined]
        raise ValidationError(
            _("Запись используется: сначала объедините её с другой или уберите вложенные.")
        )
    audit_record(actor=actor, action=AuditAction.DELETE, instance=term, before=model_snapshot(term))
    term.delete()
    _vocabulary_changed()


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
    actor: Any,
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


def _set_terms(person: Person, data: dict[str, Any], *, actor: Any, replace: bool = False) -> bool:
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
    actor: Any,
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
    *, actor: Any, data: dict[str, Any], association: Any = None, on_match: str = "fill"
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
def person_link_user(*, actor: Any, person: Person, user: Any) -> Person:
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
def person_set_initiative(*, actor: Any, person: Person, value: bool, reason: str = "") -> Person:
    person = Person.objects.select_for_update().get(pk=person.pk)
    fields = ["is_initiative", "initiative_marked_by", "initiative_marked_at", "initiative_reason"]
    before = model_snapshot(person, fields)
    if value and not reason.strip():
        raise ValidationError({"initiative_reason": _("Укажите, за что отмечен участник.")})
    person.is_initiative = value
    person.initiative_marked_by = actor if value else None
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
    actor: Any,
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


# ---------------------------------------------------------------- consent


def _refresh_consent_flag(person: Person) -> None:
    active = person.consents.filter(withdrawn_on__isnull=True).exists()
    Person.objects.filter(pk=person.pk).update(has_consent=active)
    person.has_consent = active


@transaction.atomic
def consent_record(
    *,
    actor: Any,
    person: Person,
    purpose: str = DEFAULT_PURPOSE,
    form: str = ConsentForm.PAPER,
    given_on: datetime.date | None = None,
) -> Consent:
    consent = Consent(
        person=person,
        purpose=purpose.strip(),
        form=form,
        given_on=given_on or timezone.localdate(),
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    errors: dict[str, list[str]] = {}
    try:
        consent.full_clean()
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if consent.given_on and consent.given_on > timezone.localdate():
        errors.setdefault("given_on", []).append(_("Дата согласия не может быть в будущем."))
    if errors:
        raise ValidationError(errors)
    consent.save()
    _refresh_consent_flag(person)
    audit_record(
        actor=actor, action=AuditAction.CREATE, instance=consent, after=model_snapshot(consent)
    )
    return consent


@transaction.atomic
def consent_withdraw(*, actor: Any, consent: Consent, on: datetime.date | None = None) -> Consent:
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_on:
        raise ValidationError(_("Согласие уже отозвано."))
    before = model_snapshot(consent)
    consent.withdrawn_on = on or timezone.localdate()
    consent.withdrawn_by = actor if getattr(actor, "is_authenticated", False) else None
    consent.save()
    if consent.person is not None:
        _refresh_consent_flag(consent.person)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=consent,
        before=before,
        after=model_snapshot(consent),
    )
    return consent


# ---------------------------------------------------------------- access log


def _without_nul(value: Any) -> Any:
    """PostgreSQL stores no NUL in text or JSON: a logged query drops it rather than fail."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {_without_nul(k): _without_nul(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_without_nul(v) for v in value]
    return value


def access_log(
    *,
    user: Any,
    action: str,
    query: dict[str, Any] | None = None,
    rows: int = 0,
    association: Any = None,
    person: Person | None = None,
) -> AccessLogEntry:
    """Record a view of personal data; staff views of lists, searches and exports."""
    authenticated = getattr(user, "is_authenticated", False)
    return AccessLogEntry.objects.create(
        user=user if authenticated else None,
        user_repr=(user.get_username() if authenticated else "аноним")[:150],
        action=action,
        query=_without_nul({k: v for k, v in (query or {}).items() if v not in (None, "", [])}),
        rows=rows,
        association=association,
        person=person,
    )


# ---------------------------------------------------------------- candidate lists


@transaction.atomic
def candidate_list_create(
    *, actor: Any, name: str, purpose: str = "", is_demo: bool = False
) -> CandidateList:
    candidate_list = CandidateList(
        name=name.strip(), purpose=purpose.strip(), created_by=actor, is_demo=is_demo
    )
    candidate_list.full_clean(exclude=["created_by"])
    candidate_list.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=candidate_list,
        after=model_snapshot(candidate_list),
    )
    return candidate_list


@transaction.atomic
def candidate_add(
    *, actor: Any, candidate_list: CandidateList, persons: Iterable[Person], note: str = ""
) -> int:
    """Add people to a list; those already in it stay as they are. Returns how many were added."""
    present = set(candidate_list.entries.values_list("person_id", flat=True))
    added = 0
    for person in persons:
        if person.pk in present or person.erased_at:
            continue
        entry = CandidateEntry.objects.create(
            candidate_list=candidate_list, person=person, added_by=actor, note=note.strip()[:300]
        )
        present.add(person.pk)
        audit_record(
            actor=actor, action=AuditAction.CREATE, instance=entry, after=model_snapshot(entry)
        )
        added += 1
    return added


@transaction.atomic
def candidate_remove(*, actor: Any, entry: CandidateEntry) -> None:
    audit_record(
        actor=actor, action=AuditAction.DELETE, instance=entry, before=model_snapshot(entry)
    )
    entry.delete()


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
def person_erase(*, actor: Any, person: Person) -> dict[str, int]:
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
