"""Writes of the event itself: creation, update, the reminder mark."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.core.actors import Actor
from zemlyaki.core.services import AuditAction, audit_record, audit_update, model_snapshot
from zemlyaki.core.services import check_fields as _check_fields
from zemlyaki.core.text import search_document

from ..models import (
    Event,
    RegistrationStatus,
)
from .base import EVENT_FIELDS
from .registration import _promote_waitlist


def _clean_event(event: Event) -> None:
    errors: dict[str, list[str]] = {}
    try:
        event.full_clean()
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if event.starts_at and timezone.is_naive(event.starts_at):
        errors.setdefault("starts_at", []).append(_("Укажите часовой пояс."))
    if event.starts_at and event.ends_at and event.ends_at <= event.starts_at:
        errors.setdefault("ends_at", []).append(_("Окончание должно быть позже начала."))
    if errors:
        raise ValidationError(errors)
    event.search_text = search_document(event.title, event.place, event.description)


@transaction.atomic
def event_create(*, actor: Actor | None, **fields: Any) -> Event:
    _check_fields(fields, EVENT_FIELDS)
    event = Event(**fields)
    _clean_event(event)
    event.save()
    audit_record(
        actor=actor, action=AuditAction.CREATE, instance=event, after=model_snapshot(event)
    )
    return event


@transaction.atomic
def event_update(*, actor: Actor | None, event: Event, **fields: Any) -> Event:
    _check_fields(fields, EVENT_FIELDS)
    event = Event.objects.select_for_update().get(pk=event.pk)
    before = model_snapshot(event)
    for name, value in fields.items():
        setattr(event, name, value)
    _clean_event(event)
    confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    if event.capacity is not None and event.capacity < confirmed:
        raise ValidationError(
            {
                "capacity": [
                    _("Уже подтверждено регистраций: %(count)s — мест не может быть меньше.")
                    % {"count": confirmed}
                ]
            }
        )
    event.save()
    _promote_waitlist(event, actor=actor)
    after = model_snapshot(event)
    audit_update(actor=actor, instance=event, before=before, after=after)
    return event


@transaction.atomic
def reminder_mark_sent(*, event: Event) -> None:
    Event.objects.filter(pk=event.pk).update(reminder_sent_at=timezone.now())
