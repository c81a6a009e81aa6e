"""The events' pages that change data and their twins in the API.

The minutes page holds two forms: the minutes' text (twin below) and a decision
(``POST /api/v1/events/{event_id}/decisions``, which also approves plans and documents).
The check-in page reached by a registration's QR code marks attendance as the attendance
list does: the API names the registration by its id.
"""

TWINS: dict[str, str] = {
    "events:event_create": "POST /api/v1/events",
    "events:event_edit": "PATCH /api/v1/events/{event_id}",
    "events:agenda_add": "POST /api/v1/events/{event_id}/agenda",
    "events:agenda_remove": "DELETE /api/v1/events/{event_id}/agenda/{item_id}",
    "events:material_add": "POST /api/v1/events/{event_id}/materials",
    "events:material_remove": "DELETE /api/v1/events/{event_id}/materials/{material_id}",
    "events:invite": "POST /api/v1/events/{event_id}/invitations",
    "events:register": "POST /api/v1/events/{event_id}/registrations",
    "events:registration": "POST /api/v1/event-registrations/cancel",
    "events:invitation": "POST /api/v1/event-invitations/reply",
    "events:attendance_mark": (
        "PUT /api/v1/events/{event_id}/registrations/{registration_id}/attendance"
    ),
    "events:checkin": "PUT /api/v1/events/{event_id}/registrations/{registration_id}/attendance",
    "events:minutes": "PUT /api/v1/events/{event_id}/minutes",
    "events:send_reminders": "POST /api/v1/events/{event_id}/reminders",
}

EXEMPT: dict[str, str] = {}
