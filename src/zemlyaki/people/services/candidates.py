"""Writes of candidate lists."""

from collections.abc import Iterable

from django.db import transaction

from zemlyaki.accounts.actors import acting_user
from zemlyaki.core.actors import Actor
from zemlyaki.core.services import AuditAction, audit_record, model_snapshot

from ..models import (
    CandidateEntry,
    CandidateList,
    Person,
)

# ---------------------------------------------------------------- candidate lists


@transaction.atomic
def candidate_list_create(
    *, actor: Actor | None, name: str, purpose: str = "", is_demo: bool = False
) -> CandidateList:
    candidate_list = CandidateList(
        name=name.strip(), purpose=purpose.strip(), created_by=acting_user(actor), is_demo=is_demo
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
    *, actor: Actor | None, candidate_list: CandidateList, persons: Iterable[Person], note: str = ""
) -> int:
    """Add people to a list; those already in it stay as they are. Returns how many were added."""
    present = set(candidate_list.entries.values_list("person_id", flat=True))
    added = 0
    for person in persons:
        if person.pk in present or person.erased_at:
            continue
        entry = CandidateEntry.objects.create(
            candidate_list=candidate_list,
            person=person,
            added_by=acting_user(actor),
            note=note.strip()[:300],
        )
        present.add(person.pk)
        audit_record(
            actor=actor, action=AuditAction.CREATE, instance=entry, after=model_snapshot(entry)
        )
        added += 1
    return added


@transaction.atomic
def candidate_remove(*, actor: Actor | None, entry: CandidateEntry) -> None:
    audit_record(
        actor=actor, action=AuditAction.DELETE, instance=entry, before=model_snapshot(entry)
    )
    entry.delete()
