"""The history of a body: changes of its own fields, of its membership (who joined, who
left, when, by whose decision) and of its powers, read from the audit log.

Membership and power records name their body by ``body_id`` in the audit snapshot, so a
membership stays in the history after its row is deleted."""

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from zemlyaki.core.models import AuditAction, AuditEntry

from .models import Body, Position
from .powers import power_label

MEMBER = "governance.bodymember"
POWER = "governance.power"


def body_history(body: Body) -> QuerySet[AuditEntry]:
    """Audit entries of the body, its memberships and its powers, newest first."""
    own = Q(object_type="governance.body", object_id=str(body.pk))
    related = Q(object_type__in=[MEMBER, POWER]) & (
        Q(after__body_id=body.pk) | Q(before__body_id=body.pk)
    )
    return (
        AuditEntry.objects.filter(own | related)
        .select_related("actor")
        .order_by("-created_at", "-pk")
    )


def _date(value: Any) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


def _position(value: Any) -> str:
    return str(Position(value).label) if value in Position.values else ""


def describe(entry: AuditEntry) -> dict[str, Any]:
    """One line of the history: what happened, to whom, with the membership dates."""
    data = entry.after if entry.action != AuditAction.DELETE else entry.before
    row: dict[str, Any] = {
        "entry": entry,
        "when": entry.created_at,
        "actor": entry.actor or entry.actor_repr,
        "basis": entry.comment,
        "person": data.get("person", ""),
        "position": _position(data.get("position")),
        "since": _date(data.get("since")),
        "until": _date(data.get("until")),
        "fields": [],
    }
    if entry.object_type == MEMBER:
        if entry.action == AuditAction.CREATE:
            row["event"] = _("вошёл в состав")
        elif entry.action == AuditAction.DELETE:
            row["event"] = _("исключён из состава")
        elif entry.after.get("until"):
            row["event"] = _("выходит из состава")
        else:
            row["event"] = _("изменены сведения о члене органа")
            row["fields"] = _changes(entry, skip={"person", "body_id"})
    elif entry.object_type == POWER:
        row["person"] = ""
        row["event"] = (
            _("получено полномочие «%(power)s»")
            if entry.action == AuditAction.CREATE
            else _("снято полномочие «%(power)s»")
        ) % {"power": power_label(data.get("code", ""))}
    else:
        row["person"] = ""
        labels: dict[str, str] = {
            AuditAction.CREATE: _("орган создан"),
            AuditAction.DELETE: _("орган удалён"),
        }
        row["event"] = labels.get(entry.action, _("изменены сведения об органе"))
        row["fields"] = _changes(entry, skip=set())
    return row


def _changes(entry: AuditEntry, skip: set[str]) -> list[tuple[str, Any, Any]]:
    if entry.action != AuditAction.UPDATE:
        return []
    return [(field, old, new) for field, old, new in entry.changed_fields() if field not in skip]
