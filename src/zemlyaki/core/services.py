"""Writes of the core app: the audit log."""

import datetime
import decimal
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models

from .actors import Actor
from .models import AuditAction, AuditEntry


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if hasattr(value, "name") and hasattr(value, "storage"):  # FieldFile
        return value.name or ""
    return str(value)


def model_snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The auditable state of an object: concrete fields and many-to-many as sorted labels."""
    meta = instance._meta
    names = list(fields) if fields is not None else None
    result: dict[str, Any] = {}
    for field in meta.get_fields():
        if names is not None and field.name not in names:
            continue
        if field.auto_created and not field.concrete:
            continue
        if getattr(field, "many_to_many", False) and not field.auto_created:
            if instance.pk is None:
                result[field.name] = []
            else:
                result[field.name] = sorted(str(obj) for obj in getattr(instance, field.name).all())
            continue
        if not getattr(field, "concrete", False) or field.name in {
            "search_text",
            "created_at",
            "updated_at",
        }:
            continue
        if field.is_relation:
            related = getattr(instance, field.name)
            result[field.name] = str(related) if related is not None else None
        else:
            result[field.name] = _plain(getattr(instance, field.attname))  # type: ignore[union-attr]  # concrete fields have attname
    return result


def audit_record(
    *,
    actor: Actor | None,
    action: str,
    instance: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    comment: str = "",
) -> AuditEntry:
    """Write one audit record; call inside the transaction of the change."""
    # The user model lives in accounts, above core: the signed-in actor is stored as it is.
    user: Any = actor if actor is not None and actor.is_authenticated else None
    return AuditEntry.objects.create(
        actor=user,
        actor_repr=(user.get_username() if user else "система")[:150],
        action=action,
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance)[:255],
        before=_plain(before or {}),
        after=_plain(after or {}),
        comment=comment[:255],
    )


def changed_fields(
    before: dict[str, Any], after: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Of two snapshots, only the fields whose values differ, before and after."""
    return (
        {k: v for k, v in before.items() if after.get(k) != v},
        {k: v for k, v in after.items() if before.get(k) != v},
    )


def audit_update(
    *,
    actor: Actor | None,
    instance: models.Model,
    before: dict[str, Any],
    after: dict[str, Any],
    comment: str = "",
) -> AuditEntry | None:
    """Record an update with only the changed fields; nothing when nothing changed."""
    if before == after:
        return None
    old, new = changed_fields(before, after)
    return audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=instance,
        before=old,
        after=new,
        comment=comment,
    )


def check_fields(fields: Mapping[str, Any], allowed: set[str]) -> None:
    """Services take model fields as keyword arguments: refuse a name they do not write."""
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")


__all__ = [
    "AuditAction",
    "audit_record",
    "audit_update",
    "changed_fields",
    "check_fields",
    "model_snapshot",
]
