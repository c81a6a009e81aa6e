import datetime

from django.utils import timezone

from zemlyaki.events.services import event_create


def make_event(title="Круглый стол", kind="round_table", days=10, **fields):
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)
    fields.setdefault("starts_at", starts)
    return event_create(actor=None, kind=kind, title=title, **fields)
