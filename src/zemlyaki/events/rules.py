"""Who may do what with events.

Open events are public and anyone may register while registration is open. Those who
hold the power «проводить мероприятие» (``events.run``) — unscoped or for this event —
and the coordinator prepare the event, invite, mark attendance, keep the minutes and
record decisions.
"""

from typing import Any

import rules

from zemlyaki.accounts.rules import is_coordinator
from zemlyaki.core.visibility import view_rule
from zemlyaki.governance.powers import has_power

from .models import Event


@rules.predicate
def registration_is_open(user: Any, event: Any) -> bool:
    return bool(event is not None and event.accepts_registration)


runs_events = has_power("events.run")

rules.add_perm("events.view_event", view_rule(Event, rules.is_authenticated))
rules.add_perm("events.add_event", runs_events)
rules.add_perm("events.change_event", runs_events)
rules.add_perm("events.add_registration", registration_is_open)
rules.add_perm("events.invite_event", runs_events)
rules.add_perm("events.view_registration", runs_events)
rules.add_perm("events.mark_attendance", runs_events)
rules.add_perm("events.change_minutes", runs_events)
rules.add_perm("events.add_decision", runs_events)
rules.add_perm("events.send_reminders", runs_events)
rules.add_perm("events.view_event_history", is_coordinator | runs_events)
