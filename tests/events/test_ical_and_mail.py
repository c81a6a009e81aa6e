import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail as django_mail
from icalendar import Calendar

from zemlyaki.events.mail import send_reminders
from zemlyaki.events.models import Event
from zemlyaki.events.services import registration_create

from .factories import make_event

MOSCOW = ZoneInfo("Europe/Moscow")


@pytest.mark.django_db
def test_event_ics_parses_with_the_right_dates(client):
    event = make_event(
        "Стратегическая сессия",
        kind="strategic_session",
        starts_at=datetime.datetime(2027, 3, 1, 11, 0, tzinfo=MOSCOW),
        ends_at=datetime.datetime(2027, 3, 1, 17, 30, tzinfo=MOSCOW),
        place="Дом народов России",
    )
    response = client.get(f"/events/{event.pk}/event.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    [item] = calendar.walk("VEVENT")
    assert str(item["SUMMARY"]) == "Стратегическая сессия"
    assert str(item["LOCATION"]) == "Дом народов России"
    assert item.decoded("DTSTART") == datetime.datetime(2027, 3, 1, 11, 0, tzinfo=MOSCOW)
    assert item.decoded("DTEND") == datetime.datetime(2027, 3, 1, 17, 30, tzinfo=MOSCOW)
    assert item.decoded("DTSTART").utcoffset() == datetime.timedelta(hours=3)


@pytest.mark.django_db
def test_feed_holds_public_events_only(client):
    open_one = make_event(
        "Круглый стол", starts_at=datetime.datetime(2027, 1, 20, 15, 0, tzinfo=MOSCOW)
    )
    make_event("Закрытое заседание", kind="body_meeting", is_public=False)
    response = client.get("/events/feed.ics")
    calendar = Calendar.from_ical(response.content)
    items = calendar.walk("VEVENT")
    assert [str(i["SUMMARY"]) for i in items] == ["Круглый стол"]
    assert items[0].decoded("DTSTART") == open_one.starts_at
    assert str(items[0]["UID"]).startswith(f"event-{open_one.pk}@")


@pytest.mark.django_db(transaction=True)
def test_registration_mail_with_qr_and_calendar_reaches_smtp(smtp):
    event = make_event("Круглый стол", capacity=1)
    registration_create(event=event, name="Анна Петрова", email="anna@example.org")
    registration_create(event=event, name="Борис", email="boris@example.org")
    assert [m["X-Envelope-To"] for m in smtp] == ["anna@example.org", "boris@example.org"]
    first, second = smtp
    assert first["Subject"].strip() == "Регистрация: Круглый стол"
    body = first.get_body(preferencelist=("plain",)).get_content()
    assert "Ваша регистрация подтверждена." in body
    assert "/events/registration/" in body
    parts = {p.get_filename(): p for p in first.iter_attachments()}
    assert set(parts) == {"event.ics", "qr.png"}
    assert parts["qr.png"].get_content()[:8] == b"\x89PNG\r\n\x1a\n"
    calendar = Calendar.from_ical(parts["event.ics"].get_content())
    assert calendar.walk("VEVENT")[0].decoded("DTSTART") == Event.objects.get().starts_at
    assert "вы в\u00a0листе ожидания" in second.get_body(preferencelist=("plain",)).get_content()


@pytest.mark.django_db(transaction=True)
def test_reminders_reach_confirmed_participants_once(smtp):
    soon = make_event("Заседание рабочей группы", kind="body_meeting", days=0, capacity=1)
    Event.objects.filter(pk=soon.pk).update(
        starts_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=5)
    )
    later = make_event("Далёкое мероприятие", days=30)
    registration_create(event=soon, name="Анна", email="anna@example.org", notify=False)
    registration_create(event=soon, name="Ждущий", email="wait@example.org", notify=False)
    registration_create(event=later, name="Вера", email="vera@example.org", notify=False)
    assert send_reminders() == 1
    assert [m["X-Envelope-To"] for m in smtp] == ["anna@example.org"]
    assert smtp[0]["Subject"].strip() == "Напоминание: Заседание рабочей группы"
    assert send_reminders() == 0
    assert len(smtp) == 1


@pytest.mark.django_db
def test_invitation_of_a_body_mails_each_member(mailoutbox_guard=None):
    """Inviting a whole body makes one personal invitation per current member."""
    from tests.governance.factories import YESTERDAY, make_body, make_member
    from tests.people.factories import make_person
    from zemlyaki.events.models import Invitation
    from zemlyaki.events.services import invitation_by_token, invite_body

    body = make_body("Оргкомитет", kind="organising_committee")
    make_member(body, person=make_person("Орлова", "Наталья", "", email="orlova@example.org"))
    make_member(body, person=make_person("Соколов", "Игорь", "", email="sokolov@example.org"))
    make_member(
        body, person=make_person("Бывший", "Член", "", email="old@example.org"), until=YESTERDAY
    )
    event = make_event()
    made = invite_body(actor=None, event=event, body=body)
    assert sorted(i.name for i in made) == ["Орлова Наталья", "Соколов Игорь"]
    assert invitation_by_token(made[0].token) == made[0]
    assert invite_body(actor=None, event=event, body=body) == []
    assert Invitation.objects.filter(event=event).count() == 2
    assert len(django_mail.outbox) == 0  # sent after commit, which the test transaction never does


@pytest.mark.django_db(transaction=True)
def test_registration_survives_a_dead_mail_server(settings, caplog):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens here once the socket closes
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    event = make_event()
    registration, _token = registration_create(event=event, name="Анна", email="a@example.org")
    assert registration.status == "confirmed"
    from zemlyaki.events.models import Registration

    assert Registration.objects.filter(event=event).count() == 1
    assert "Не удалось отправить письмо (send_registration)" in caplog.text
