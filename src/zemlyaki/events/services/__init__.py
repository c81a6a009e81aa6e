"""Writes of events: the event and its agenda and materials, invitations, registrations
with capacity and a waiting list, attendance, minutes and decisions.

The writes live in modules by concern; this package names them all, so callers keep
importing ``zemlyaki.events.services``.
"""

from .agenda import (
    agenda_item_add,
    agenda_item_remove,
    agenda_item_set_subject,
    material_add,
    material_remove,
)
from .attendance_minutes import attendance_mark, minutes_update
from .base import EFFECT_TARGETS, EVENT_FIELDS, RECORD_ONLY_EFFECTS
from .decisions import decision_record, decision_target
from .events import event_create, event_update, reminder_mark_sent
from .registration import (
    invitation_by_token,
    invitation_reply,
    invite,
    invite_body,
    invite_person,
    invite_stakeholder,
    registration_by_token,
    registration_cancel,
    registration_create,
    send_promoted_later,
)

__all__ = [
    "EFFECT_TARGETS",
    "EVENT_FIELDS",
    "RECORD_ONLY_EFFECTS",
    "agenda_item_add",
    "agenda_item_remove",
    "agenda_item_set_subject",
    "attendance_mark",
    "decision_record",
    "decision_target",
    "event_create",
    "event_update",
    "invitation_by_token",
    "invitation_reply",
    "invite",
    "invite_body",
    "invite_person",
    "invite_stakeholder",
    "material_add",
    "material_remove",
    "minutes_update",
    "registration_by_token",
    "registration_cancel",
    "registration_create",
    "reminder_mark_sent",
    "send_promoted_later",
]
