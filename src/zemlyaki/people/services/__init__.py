"""Writes of the people app: persons, memberships, consent, vocabularies, candidate lists,
access log, and the data-subject rights (export, erasure). Imports live in ``importing``.

The writes live in modules by concern; this package names them all, so callers keep
importing ``zemlyaki.people.services``.
"""

from ..normalize import normalize_email, normalize_phone
from .candidates import (
    candidate_add,
    candidate_list_create,
    candidate_remove,
)
from .consent import (
    access_log,
    consent_record,
    consent_withdraw,
)
from .persons import (
    apply_fields,
    clean_person_data,
    membership_set,
    person_create,
    person_link_user,
    person_set_initiative,
    person_update,
    person_upsert_from_profile,
)
from .rights import (
    ERASED_FIELDS,
    person_erase,
    person_erase_plan,
    person_export_data,
)
from .texts import (
    DEFAULT_PURPOSE,
    PERSON_FIELDS,
    _refresh_texts,
    person_find_match,
    person_texts,
    phrase_key,
    term_keys,
    texts_of,
)
from .vocabularies import (
    TermResolver,
    term_create,
    term_delete,
    term_merge,
    term_model,
    term_update,
)

__all__ = [
    "DEFAULT_PURPOSE",
    "ERASED_FIELDS",
    "PERSON_FIELDS",
    "TermResolver",
    "_refresh_texts",
    "access_log",
    "apply_fields",
    "candidate_add",
    "candidate_list_create",
    "candidate_remove",
    "clean_person_data",
    "consent_record",
    "consent_withdraw",
    "membership_set",
    "normalize_email",
    "normalize_phone",
    "person_create",
    "person_erase",
    "person_erase_plan",
    "person_export_data",
    "person_find_match",
    "person_link_user",
    "person_set_initiative",
    "person_texts",
    "person_update",
    "person_upsert_from_profile",
    "phrase_key",
    "term_create",
    "term_delete",
    "term_keys",
    "texts_of",
    "term_merge",
    "term_model",
    "term_update",
]
