"""Writes of an event's agenda items and materials."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from zemlyaki.core.actors import Actor
from zemlyaki.core.services import AuditAction, audit_record, audit_update, model_snapshot

from ..models import (
    AgendaItem,
    Event,
    Material,
)


@transaction.atomic
def agenda_item_add(
    *,
    actor: Actor | None,
    event: Event,
    title: str,
    duration_minutes: int = 15,
    speaker: str = "",
    subject: Any = None,
) -> AgendaItem:
    """An item at the end of the agenda; ``subject`` is what it discusses (a strategy
    section, or any other saved object), referred to generically."""
    last = event.agenda.aggregate(m=Max("order"))["m"] or 0
    item = AgendaItem(
        event=event,
        order=last + 1,
        title=title,
        duration_minutes=duration_minutes,
        speaker=speaker,
    )
    _set_subject(item, subject)
    item.full_clean()
    if not item.duration_minutes:
        raise ValidationError({"duration_minutes": [_("Продолжительность — не меньше минуты.")]})
    item.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=item,
        after=model_snapshot(item),
        comment=_("Повестка: %(event)s") % {"event": event.title},
    )
    return item


def _set_subject(item: AgendaItem, subject: Any) -> None:
    if subject is not None and getattr(subject, "pk", None) is None:
        raise ValidationError({"subject": [_("Предмет обсуждения не найден.")]})
    item.subject_type = ContentType.objects.get_for_model(subject) if subject is not None else None
    item.subject_id = subject.pk if subject is not None else None
    item.subject_title = str(subject)[:300] if subject is not None else ""


@transaction.atomic
def agenda_item_set_subject(*, actor: Actor | None, item: AgendaItem, subject: Any) -> AgendaItem:
    """Tie an agenda item to what it discusses (or untie it with ``None``)."""
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    before = {"subject": item.subject_title}
    _set_subject(item, subject)
    item.save(update_fields=["subject_type", "subject_id", "subject_title"])
    audit_update(actor=actor, instance=item, before=before, after={"subject": item.subject_title})
    return item


@transaction.atomic
def agenda_item_remove(*, actor: Actor | None, item: AgendaItem) -> None:
    audit_record(actor=actor, action=AuditAction.DELETE, instance=item, before=model_snapshot(item))
    item.delete()


@transaction.atomic
def material_add(
    *, actor: Actor | None, event: Event, title: str, phase: str, url: str = "", file: Any = None
) -> Material:
    material = Material(event=event, title=title, phase=phase, url=url)
    if file:
        material.file = file
    if not url and not file:
        raise ValidationError({"url": [_("Укажите ссылку или приложите файл.")]})
    material.full_clean()
    material.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=material,
        after=model_snapshot(material),
        comment=_("Материалы: %(event)s") % {"event": event.title},
    )
    return material


@transaction.atomic
def material_remove(*, actor: Actor | None, material: Material) -> None:
    audit_record(
        actor=actor, action=AuditAction.DELETE, instance=material, before=model_snapshot(material)
    )
    material.delete()
