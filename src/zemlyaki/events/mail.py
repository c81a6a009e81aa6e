"""Mail of events: invitations and registration notices (with a QR code of the personal
link and the event as an .ics file), and reminders. Sent after the transaction commits."""

import datetime
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from zemlyaki.core.typography import typograph_message
from zemlyaki.core.urls_public import absolute_url

from .ical import calendar_bytes
from .models import Event, Invitation, Registration, RegistrationStatus
from .qr import qr_png


def _when(event: Event) -> str:
    local = timezone.localtime(event.starts_at)
    return f"{date_format(local, 'd.m.Y')} {date_format(local, 'H:i')}"


def _where(event: Event) -> str:
    return ", ".join(p for p in (event.place, event.online_url) if p) or _("уточняется")


def _message(to: str, subject: str, body: str, event: Event, qr_link: str = "") -> EmailMessage:
    subject, body = typograph_message(subject, body)
    message = EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to]
    )
    message.attach("event.ics", calendar_bytes([event], event.title), "text/calendar")
    if qr_link:
        message.attach("qr.png", qr_png(qr_link), "image/png")
    return message


def send_invitation(*, invitation_id: int, token: str) -> None:
    invitation = Invitation.objects.select_related("event").get(pk=invitation_id)
    event = invitation.event
    link = absolute_url(reverse("events:invitation", kwargs={"token": token}))
    body = _(
        "Здравствуйте, %(name)s!\n\nПриглашаем вас на мероприятие «%(title)s».\n"
        "Когда: %(when)s\nГде: %(where)s\n\n"
        "Ответьте, пожалуйста, придёте ли вы: %(link)s\n"
        "QR-код во вложении — покажите его при входе.\n"
    ) % {
        "name": invitation.name,
        "title": event.title,
        "when": _when(event),
        "where": _where(event),
        "link": link,
    }
    subject = _("Приглашение: %(title)s") % {"title": event.title}
    _message(invitation.email, subject, body, event, qr_link=link).send()


def send_registration(*, registration_id: int, token: str) -> None:
    registration = Registration.objects.select_related("event").get(pk=registration_id)
    event = registration.event
    link = absolute_url(reverse("events:registration", kwargs={"token": token}))
    if registration.status == RegistrationStatus.CONFIRMED:
        state = _("Ваша регистрация подтверждена.")
    else:
        state = _("Свободных мест нет: вы в листе ожидания. Мы напишем, когда место освободится.")
    body = _(
        "Здравствуйте, %(name)s!\n\n%(state)s\nМероприятие: «%(title)s»\n"
        "Когда: %(when)s\nГде: %(where)s\n\n"
        "Ваша регистрация и её отмена: %(link)s\nQR-код во вложении — покажите его при входе.\n"
    ) % {
        "name": registration.name,
        "state": state,
        "title": event.title,
        "when": _when(event),
        "where": _where(event),
        "link": link,
    }
    subject = _("Регистрация: %(title)s") % {"title": event.title}
    _message(registration.email, subject, body, event, qr_link=link).send()


def send_promoted(*, registration_id: int) -> None:
    registration = Registration.objects.select_related("event").get(pk=registration_id)
    event = registration.event
    body = _(
        "Здравствуйте, %(name)s!\n\nОсвободилось место: ваша регистрация на «%(title)s» "
        "подтверждена.\nКогда: %(when)s\nГде: %(where)s\n"
    ) % {
        "name": registration.name,
        "title": event.title,
        "when": _when(event),
        "where": _where(event),
    }
    subject = _("Место подтверждено: %(title)s") % {"title": event.title}
    _message(registration.email, subject, body, event).send()


def remind_event(*, event: Event) -> int:
    """Send the reminder of one event to its confirmed participants; returns the count."""
    from .services import reminder_mark_sent

    url = absolute_url(event.get_absolute_url())
    letters: list[Any] = []
    for registration in event.registrations.filter(status=RegistrationStatus.CONFIRMED).order_by(
        "pk"
    ):
        body = _(
            "Здравствуйте, %(name)s!\n\nНапоминаем: «%(title)s» — %(when)s.\nГде: %(where)s\n"
            "Подробности и материалы: %(url)s\n"
        ) % {
            "name": registration.name,
            "title": event.title,
            "when": _when(event),
            "where": _where(event),
            "url": url,
        }
        subject = _("Напоминание: %(title)s") % {"title": event.title}
        letters.append(_message(registration.email, subject, body, event))
    with transaction.atomic():
        reminder_mark_sent(event=event)
    for letter in letters:
        letter.send()
    return len(letters)


def send_reminders(*, now: datetime.datetime | None = None, within_hours: int = 24) -> int:
    """Remind the confirmed participants of events starting within ``within_hours``;
    each event is reminded once. Returns the number of letters sent."""
    now = now or timezone.now()
    events = Event.objects.filter(
        status="planned",
        reminder_sent_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + datetime.timedelta(hours=within_hours),
    ).order_by("starts_at")
    return sum(remind_event(event=event) for event in events)
