"""iCalendar (RFC 5545) export of events."""

import datetime
from collections.abc import Iterable

from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent

from zemlyaki.core.urls_public import absolute_url, site_host

from .models import Event, EventStatus

DEFAULT_LENGTH = datetime.timedelta(hours=2)


def _vevent(event: Event) -> VEvent:
    item = VEvent()
    host = site_host()
    item.add("uid", f"event-{event.pk}@{host}")
    item.add("dtstamp", event.updated_at or event.created_at)
    # Local (Moscow) time with its VTIMEZONE, as calendar programs show it.
    item.add("dtstart", timezone.localtime(event.starts_at))
    item.add("dtend", timezone.localtime(event.ends_at or event.starts_at + DEFAULT_LENGTH))
    item.add("summary", event.title)
    description = event.description
    if event.online_url:
        description = f"{description}\n\n{event.online_url}".strip()
    if description:
        item.add("description", description)
    if event.place:
        item.add("location", event.place)
    item.add("url", absolute_url(event.get_absolute_url()))
    item.add("categories", [event.get_kind_display()])
    item.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
    return item


def calendar_bytes(events: Iterable[Event], name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Земляки//Мероприятия//RU")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(_vevent(event))
    calendar.add_missing_timezones()
    return calendar.to_ical()
