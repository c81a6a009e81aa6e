"""Consent to the processing of personal data and the access log."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.accounts.actors import acting_user
from zemlyaki.core.actors import Actor
from zemlyaki.core.services import AuditAction, audit_record, model_snapshot

from ..models import (
    AccessLogEntry,
    Consent,
    ConsentForm,
    Person,
)
from .texts import DEFAULT_PURPOSE

# ---------------------------------------------------------------- consent


def _refresh_consent_flag(person: Person) -> None:
    active = person.consents.filter(withdrawn_on__isnull=True).exists()
    Person.objects.filter(pk=person.pk).update(has_consent=active)
    person.has_consent = active


@transaction.atomic
def consent_record(
    *,
    actor: Actor | None,
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
        recorded_by=acting_user(actor),
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
def consent_withdraw(
    *, actor: Actor | None, consent: Consent, on: datetime.date | None = None
) -> Consent:
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_on:
        raise ValidationError(_("Согласие уже отозвано."))
    before = model_snapshot(consent)
    consent.withdrawn_on = on or timezone.localdate()
    consent.withdrawn_by = acting_user(actor)
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
