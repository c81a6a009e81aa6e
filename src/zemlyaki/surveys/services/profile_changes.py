"""Profile changes proposed by answers and their review."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.accounts.actors import acting_user
from zemlyaki.core.actors import Actor
from zemlyaki.core.services import AuditAction, audit_record, model_snapshot

from .. import answers as answer_rules
from ..models import (
    ChangeStatus,
    ProfileChange,
    ProfileField,
    Response,
)


def _profile_data(
    contexts: list[answer_rules.QuestionContext], values: Mapping[int, Any]
) -> dict[str, Any]:
    """The profile fields answered, as ``person_upsert_from_profile`` takes them."""
    from zemlyaki.registry.models import Association

    data: dict[str, Any] = {}
    for ctx in contexts:
        q = ctx.question
        field = q.profile_field
        value = values.get(q.pk)
        if not field or value in (None, "", []):
            continue
        if field in (ProfileField.COMPETENCIES, ProfileField.INTERESTS):
            if q.is_vocabulary:
                data[field] = [v for v in value if isinstance(v, int)]
            elif q.has_options:
                chosen = value if isinstance(value, list) else [value]
                data[field] = [ctx.options[v].title if isinstance(v, int) else v for v in chosen]
            else:
                data[field] = [s.strip() for s in str(value).split(",") if s.strip()]
        elif field in (ProfileField.SHOW_AS_EXPERT, ProfileField.CONSENT):
            ref = ctx.options[value].ref if isinstance(value, int) and value in ctx.options else ""
            data[field] = ref == "yes"
        elif field == ProfileField.HOME_REGION:
            ref = ctx.options[value].ref if isinstance(value, int) and value in ctx.options else ""
            if ref:
                data[field] = ref
        elif field == ProfileField.ASSOCIATION:
            ref = ctx.options[value].ref if isinstance(value, int) and value in ctx.options else ""
            if ref:
                data["_association"] = Association.objects.filter(slug=ref).first()
        else:
            data[field] = value
    return data


def _propose_profile_change(response: Response, profile: dict[str, Any], association: Any) -> None:
    data = {k: v for k, v in profile.items() if k != "consent"}
    data["consent"] = {
        "purpose": _("Участие в анкетировании «%(title)s» и экспертном сообществе")
        % {"title": response.survey.title},
        "form": "questionnaire",
        "given_on": timezone.localdate().isoformat(),
    }
    if response.invitation_id and response.person_id:
        person = response.person
        for key in ("last_name", "first_name", "patronymic", "email"):
            known = getattr(person, key, None)
            if not data.get(key) and known:
                data[key] = known
    change = ProfileChange.objects.filter(response=response).first()
    if change is not None and change.status != ChangeStatus.PENDING:
        # An answer changed after a decision: a new proposal is reviewed again.
        change.status = ChangeStatus.PENDING
        change.decided_by = None
        change.decided_at = None
    if change is None:
        change = ProfileChange(response=response)
    change.data = data
    change.association = association or response.association
    change.person = response.person
    change.is_demo = response.is_demo
    change.save()


@transaction.atomic
def profile_change_accept(
    *, actor: Actor | None, change: ProfileChange, on_match: str = "fill"
) -> Any:
    """Apply the proposed data to the person it matches (or a new person)."""
    from zemlyaki.people.services import person_upsert_from_profile

    change = ProfileChange.objects.select_for_update().get(pk=change.pk)
    if change.status != ChangeStatus.PENDING:
        raise ValidationError(_("Решение по этому изменению уже принято."), code="state")
    data = dict(change.data)
    person, created = person_upsert_from_profile(
        actor=actor, data=data, association=change.association, on_match=on_match
    )
    before = model_snapshot(change, ["status"])
    change.status = ChangeStatus.ACCEPTED
    change.person = person
    change.decided_by = acting_user(actor)
    change.decided_at = timezone.now()
    change.note = _("Создан новый участник.") if created else _("Профиль дополнен.")
    change.save()
    Response.objects.filter(pk=change.response_id).update(person=person)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=change,
        before=before,
        after={"status": change.status, "person": str(person), "created": created},
    )
    return person


@transaction.atomic
def profile_change_reject(
    *, actor: Actor | None, change: ProfileChange, note: str = ""
) -> ProfileChange:
    change = ProfileChange.objects.select_for_update().get(pk=change.pk)
    if change.status != ChangeStatus.PENDING:
        raise ValidationError(_("Решение по этому изменению уже принято."), code="state")
    change.status = ChangeStatus.REJECTED
    change.decided_by = acting_user(actor)
    change.decided_at = timezone.now()
    change.note = note[:300]
    change.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=change,
        before={"status": ChangeStatus.PENDING},
        after={"status": change.status, "note": change.note},
    )
    return change
