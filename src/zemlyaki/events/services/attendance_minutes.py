"""Attendance marks and the minutes of an event."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.core.actors import Actor
from zemlyaki.core.services import AuditAction, audit_record

from ..models import (
    Event,
    Registration,
    RegistrationStatus,
)


@transaction.atomic
def attendance_mark(
    *, actor: Actor | None, registration: Registration, attended: bool = True
) -> Registration:
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != RegistrationStatus.CONFIRMED and attended:
        raise ValidationError(
            _("Отметить можно только подтверждённую регистрацию (сейчас: %(status)s).")
            % {"status": registration.get_status_display()}
        )
    before = registration.attended_at
    registration.attended_at = timezone.now() if attended else None
    registration.save(update_fields=["attended_at", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=registration,
        before={"attended_at": before},
        after={"attended_at": registration.attended_at},
    )
    return registration


@transaction.atomic
def minutes_update(*, actor: Actor | None, event: Event, minutes: str) -> Event:
    event = Event.objects.select_for_update().get(pk=event.pk)
    before = event.minutes
    event.minutes = minutes
    event.save(update_fields=["minutes", "updated_at"])
    if before != minutes:
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=event,
            before={"minutes": before},
            after={"minutes": minutes},
        )
    return event
