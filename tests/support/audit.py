"""The two checks every test of a write makes: what the audit log recorded about an object,
and how many rows tables hold (a refused write leaves them as they were).

    assert audit_trail(plan) == [("create", None), ("update", "secretary")]
    before = row_counts(Plan, Task, AuditEntry)
    ...refused request...
    assert row_counts(Plan, Task, AuditEntry) == before
"""

from typing import Any

from zemlyaki.core.models import AuditEntry


def audit_trail(target: Any, pk: Any = None, *, comment: bool = False) -> list[tuple[Any, ...]]:
    """The audit entries of one object, oldest first, as ``(action, actor's username)`` —
    with ``comment=True`` also the entry's comment. ``target`` is a model instance, or an
    object type (``"governance.body"``) with ``pk`` for an object deleted since."""
    if isinstance(target, str):
        object_type, object_id = target, pk
    else:
        object_type, object_id = target._meta.label_lower, target.pk
    fields = ("action", "actor__username", "comment") if comment else ("action", "actor__username")
    entries = AuditEntry.objects.filter(object_type=object_type, object_id=str(object_id))
    return list(entries.order_by("pk").values_list(*fields))


def last_audit(model: Any) -> tuple[Any, ...] | None:
    """The newest audit entry about any object of ``model`` as ``(action, actor's
    username)``, or None when there is none."""
    entry = AuditEntry.objects.filter(object_type=model._meta.label_lower).first()
    return (entry.action, entry.actor.username if entry.actor else None) if entry else None


def row_counts(*models: Any) -> tuple[int, ...]:
    """The number of rows of each model, in the order given."""
    return tuple(model.objects.count() for model in models)
