"""Undoing an applied import: exactly what it created goes, what it changed comes back."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.core.services import AuditAction, audit_record

from ..models import (
    Competency,
    ImportStatus,
    Interest,
    MemberImport,
    Membership,
    Person,
)
from ..normalize import (
    match_name,
)
from .matching import _chunks


@transaction.atomic
def import_undo(*, actor: Any, member_import: MemberImport) -> dict[str, int]:
    """Remove exactly what the import created and put back what it changed."""
    member_import = MemberImport.objects.select_for_update().get(pk=member_import.pk)
    if member_import.status != ImportStatus.DONE:
        raise ValidationError(_("Отменить можно только применённую загрузку."))
    rows = list(member_import.rows.exclude(undo={}).exclude(person=None))
    created_ids = [r.person_id for r in rows if r.undo.get("created")]
    touched: list[int] = []
    CompetencyLink = Person.competencies.through
    InterestLink = Person.interests.through
    for row in rows:
        if row.undo.get("created"):
            continue
        pid = int(row.person_id or 0)
        if row.undo.get("membership"):
            Membership.objects.filter(
                person_id=pid, association_id=member_import.association_id
            ).delete()
        if row.undo.get("competencies"):
            CompetencyLink.objects.filter(
                person_id=pid, competency_id__in=row.undo["competencies"]
            ).delete()
        if row.undo.get("interests"):
            InterestLink.objects.filter(
                person_id=pid, interest_id__in=row.undo["interests"]
            ).delete()
        if row.undo.get("fields"):
            values = dict(row.undo["fields"])
            if values.get("birth_date"):
                values["birth_date"] = datetime.date.fromisoformat(values["birth_date"])
            person = Person.objects.get(pk=pid)
            for key, value in values.items():
                setattr(person, key, value)
            person.match_name = match_name(person.last_name, person.first_name, person.patronymic)
            person.save()
        touched.append(pid)
    for chunk in _chunks(created_ids):
        Person.objects.filter(pk__in=chunk).delete()
    # A later import of the same rows must not take them for done.
    imported = list(member_import.rows.exclude(person=None).values_list("person_id", flat=True))
    for chunk in _chunks(imported):
        Membership.objects.filter(
            association_id=member_import.association_id, person_id__in=chunk
        ).update(import_hash="")
    for pid in touched:
        from ..services import _refresh_texts

        refreshed = Person.objects.filter(pk=pid).first()
        if refreshed:
            _refresh_texts(refreshed)
    removed_terms = 0
    for key, model in (("competencies", Competency), ("interests", Interest)):
        ids = member_import.created_terms.get(key) or []
        removed_terms += model.objects.filter(pk__in=ids, is_approved=False, persons=None).delete()[
            0
        ]
    member_import.status = ImportStatus.UNDONE
    member_import.undone_at = timezone.now()
    member_import.save(update_fields=["status", "undone_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=member_import,
        after={"status": ImportStatus.UNDONE.value, "removed_persons": len(created_ids)},
        comment=_("загрузка отменена"),
    )
    return {"removed": len(created_ids), "restored": len(touched), "terms": removed_terms}
