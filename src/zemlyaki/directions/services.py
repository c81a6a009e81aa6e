"""Writes of the directions catalogue."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zemlyaki.core.actors import Actor
from zemlyaki.core.models import AuditAction
from zemlyaki.core.services import audit_record, audit_update, check_fields, model_snapshot

from .models import Direction, DirectionSource

DIRECTION_FIELDS = {"name", "order", "parent", "level", "region", "description", "is_demo"}
SOURCE_FIELDS = {"number", "date", "url"}


@transaction.atomic
def direction_create(*, actor: Actor | None, code: str, name: str, **fields: Any) -> Direction:
    check_fields(fields, DIRECTION_FIELDS)
    direction = Direction(code=(code or "").strip(), name=(name or "").strip(), **fields)
    direction.full_clean()
    direction.save()
    audit_record(
        actor=actor, action=AuditAction.CREATE, instance=direction, after=model_snapshot(direction)
    )
    return direction


@transaction.atomic
def direction_update(
    *, actor: Actor | None, direction: Direction, code: str | None = None, **fields: Any
) -> Direction:
    """Changes a direction; its ``code`` may be repeated but never changed."""
    check_fields(fields, DIRECTION_FIELDS)
    direction = Direction.objects.select_for_update().get(pk=direction.pk)
    if code is not None and code.strip() != direction.code:
        raise ValidationError(
            {"code": _("Код направления не меняется: на него ссылаются отчёты и программы.")}
        )
    before = model_snapshot(direction)
    for name, value in fields.items():
        setattr(direction, name, value.strip() if isinstance(value, str) else value)
    direction.full_clean()
    direction.save()
    audit_update(actor=actor, instance=direction, before=before, after=model_snapshot(direction))
    return direction


@transaction.atomic
def direction_delete(*, actor: Actor | None, direction: Direction) -> None:
    if direction.children.exists():
        raise ValidationError(_("В направление входят другие; сначала перенесите их."))
    before = model_snapshot(direction)
    audit_record(actor=actor, action=AuditAction.DELETE, instance=direction, before=before)
    direction.delete()


@transaction.atomic
def source_add(
    *, actor: Actor | None, direction: Direction, title: str, **fields: Any
) -> DirectionSource:
    check_fields(fields, SOURCE_FIELDS)
    source = DirectionSource(direction=direction, title=(title or "").strip(), **fields)
    source.full_clean()
    source.save()
    audit_record(
        actor=actor, action=AuditAction.CREATE, instance=source, after=model_snapshot(source)
    )
    return source
