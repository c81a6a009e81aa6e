"""Shared pieces of the people writes: the person fields, the search text columns, matching."""

import datetime
import functools
from collections.abc import Sequence

from django.core.exceptions import ValidationError

from zemlyaki.core.text import document_words, lemma, words

from ..models import (
    Person,
)
from ..normalize import match_name, normalize_phone

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
    return texts_of(
        (person.last_name, person.first_name, person.patronymic, person.occupation,
         person.workplace),
        competencies,
        interests,
    )  # fmt: skip


def texts_of(
    own: Sequence[str | None], competencies: Sequence[str], interests: Sequence[str]
) -> tuple[str, str]:
    """(search_text, expertise_text) of a person not erased, from its own texts (last
    name, first name, patronymic, occupation, workplace) and its terms' names."""
    expertise_words = _terms_words(tuple(competencies), tuple(interests))
    own_words = [w for p in own if p for w in document_words(_plain_words(p))]
    # The same as search_document() over the own texts and then the terms: words in
    # order of first appearance; the terms' words are worked out once per set of terms.
    seen = dict.fromkeys([*own_words, *expertise_words])
    search = " " + " ".join(seen) + " " if seen else ""
    expertise = " " + " ".join(expertise_words) + " " if expertise_words else ""
    return search, expertise


@functools.lru_cache(maxsize=4096)
def _terms_words(competencies: tuple[str, ...], interests: tuple[str, ...]) -> tuple[str, ...]:
    """The words of the terms' names in order, without repeats (``search_document``)."""
    parts = [_plain_words(n) for n in (*competencies, *interests)]
    return tuple(dict.fromkeys(w for part in parts if part for w in document_words(part)))


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
