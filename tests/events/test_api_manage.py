"""What an event's pages do, through the API: change and cancel, registrations listed and
cancelled, agenda, materials, invitations, attendance, minutes, reminders, the personal
links — same permissions, services and audit as the pages."""

import base64

import pytest

from tests.governance.factories import body_user, make_body
from tests.people.factories import make_person
from tests.support.audit import audit_trail, row_counts
from zemlyaki.core.models import AuditEntry
from zemlyaki.events.models import AgendaItem, Event, Invitation, Material, Registration
from zemlyaki.events.services import invite_person, registration_create

from .factories import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def runner(db):
    body = make_body("Оргкомитет", kind="organising_committee", powers=["events.run"])
    return body_user(body, username="runner")


# the tables a refused write leaves as they were
COUNTED = (Event, AgendaItem, Material, Invitation, Registration, AuditEntry)


def test_runner_changes_and_cancels_an_event(api, token_for, runner):
    event = make_event("Круглый стол", capacity=30)
    token = token_for(runner)
    response = api.patch(
        f"/events/{event.pk}",
        {"title": "Круглый стол землячеств", "capacity": None, "status": "cancelled"},
        token=token,
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["title"], body["capacity"], body["status"]) == (
        "Круглый стол землячеств",
        None,
        "cancelled",
    )
    event.refresh_from_db()
    assert (event.title, event.capacity, event.status) == (
        "Круглый стол землячеств",
        None,
        "cancelled",
    )
    assert audit_trail(event) == [("create", None), ("update", "runner")]


def test_event_change_invalid_and_refused(api, token_for, runner, member):
    event = make_event("Круглый стол")
    token, other = token_for(runner), token_for(member)
    before = row_counts(*COUNTED)
    wrong = api.patch(
        f"/events/{event.pk}", {"starts_at": "0070-10-16T13:28:34+03:00"}, token=token
    )
    assert wrong.status_code == 422
    assert wrong.json()["detail"][0]["field"] == "starts_at"
    empty = api.patch(f"/events/{event.pk}", {"title": None}, token=token)
    assert empty.json()["detail"][0] == {
        "loc": ["body", "title"],
        "field": "title",
        "msg": "Поле не может быть пустым.",
        "type": "value_error",
    }
    unknown = api.patch(f"/events/{event.pk}", {"organiser": 999999}, token=token)
    assert unknown.json()["detail"][0]["msg"] == "Орган не найден."
    denied = api.patch(f"/events/{event.pk}", {"status": "cancelled"}, token=other)
    assert (denied.status_code, denied.json()) == (
        403,
        {"detail": "Недостаточно прав для этого действия."},
    )
    assert api.patch(f"/events/{event.pk}", {"status": "cancelled"}).status_code == 401
    event.refresh_from_db()
    assert (event.title, event.status) == ("Круглый стол", "planned")
    assert row_counts(*COUNTED) == before


def test_registrations_listed_and_cancelled(api, token_for, runner, member):
    event = make_event("Круглый стол", capacity=1)
    first, first_token = registration_create(event=event, name="Анна", email="anna@example.org")
    second, _t = registration_create(event=event, name="Борис", email="boris@example.org")
    token = token_for(runner)
    listing = api.get(f"/events/{event.pk}/registrations", token=token).json()
    assert listing["count"] == 2
    assert [(r["id"], r["name"], r["email"], r["status"]) for r in listing["items"]] == [
        (first.pk, "Анна", "anna@example.org", "confirmed"),
        (second.pk, "Борис", "boris@example.org", "waitlisted"),
    ]
    waiting = api.get(f"/events/{event.pk}/registrations", token=token, status="waitlisted")
    assert [r["name"] for r in waiting.json()["items"]] == ["Борис"]
    assert api.get(f"/events/{event.pk}/registrations", token=token_for(member)).status_code == 403

    cancelled = api.delete(f"/events/{event.pk}/registrations/{first.pk}", token=token)
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    second.refresh_from_db()
    assert second.status == "confirmed"  # the waiting list moved up
    assert audit_trail(first)[-1] == ("update", "runner")

    by_link = api.post("/event-registrations/cancel", {"token": "nonsense"})
    assert by_link.status_code == 404
    mine, mine_token = registration_create(event=event, name="Вера", email="vera@example.org")
    assert api.post("/event-registrations/cancel", {"token": mine_token}).json()["status"] == (
        "cancelled"
    )
    mine.refresh_from_db()
    assert mine.status == "cancelled"


def test_agenda_materials_minutes_and_reminders(api, token_for, runner, smtp):
    event = make_event("Круглый стол")
    registration_create(event=event, name="Анна", email="anna@example.org")
    token = token_for(runner)
    added = api.post(
        f"/events/{event.pk}/agenda",
        {"title": "Обсуждение плана", "duration_minutes": 45, "speaker": "Петров"},
        token=token,
    )
    assert added.status_code == 201
    item = AgendaItem.objects.get(event=event)
    assert added.json() == {
        "id": item.pk,
        "order": 1,
        "title": "Обсуждение плана",
        "duration_minutes": 45,
        "speaker": "Петров",
        "subject": "",
    }
    too_long = api.post(
        f"/events/{event.pk}/agenda", {"title": "Х", "duration_minutes": 601}, token=token
    )
    assert too_long.json()["detail"][0]["field"] == "duration_minutes"
    no_section = api.post(
        f"/events/{event.pk}/agenda", {"title": "Х", "section": 999999}, token=token
    )
    assert no_section.json()["detail"][0]["msg"] == "Раздел не найден."
    assert api.delete(f"/events/{event.pk}/agenda/{item.pk}", token=token).status_code == 204
    assert audit_trail(item) == [("create", "runner"), ("delete", "runner")]

    material = api.post(
        f"/events/{event.pk}/materials",
        {
            "title": "Программа",
            "phase": "before",
            "file": {
                "filename": "programma.txt",
                "content_base64": base64.b64encode("Программа".encode()).decode(),
            },
        },
        token=token,
    )
    assert material.status_code == 201
    stored = Material.objects.get(pk=material.json()["id"])
    assert stored.file.read().decode() == "Программа"
    neither = api.post(
        f"/events/{event.pk}/materials", {"title": "Х", "phase": "after"}, token=token
    )
    assert neither.json()["detail"][0]["msg"] == "Укажите ссылку или приложите файл."
    assert api.delete(f"/events/{event.pk}/materials/{stored.pk}", token=token).status_code == 204
    assert audit_trail(stored) == [("create", "runner"), ("delete", "runner")]

    minutes = api.put(f"/events/{event.pk}/minutes", {"minutes": "Решили: …"}, token=token)
    assert minutes.json() == {"minutes": "Решили: …"}
    event.refresh_from_db()
    assert event.minutes == "Решили: …"
    assert audit_trail(event)[-1] == ("update", "runner")

    sent = api.post(f"/events/{event.pk}/reminders", token=token)
    assert sent.json() == {"sent": 1}
    assert [m["To"] for m in smtp] == ["anna@example.org"]


def test_invitations_and_replies(api, token_for, runner):
    event = make_event("Круглый стол")
    guest = make_person("Гостев", "Глеб", "", email="gleb@example.org")
    token = token_for(runner)
    made = api.post(f"/events/{event.pk}/invitations", {"person": guest.pk}, token=token)
    assert made.status_code == 201
    invitation = Invitation.objects.get(event=event)
    assert made.json() == [
        {
            "id": invitation.pk,
            "name": invitation.name,
            "email": "gleb@example.org",
            "person": guest.pk,
            "status": invitation.status,
        }
    ]
    assert audit_trail(invitation)[0] == ("create", "runner")
    again = api.post(f"/events/{event.pk}/invitations", {"person": guest.pk}, token=token)
    assert again.json() == []
    council = make_body("Совет")
    two = api.post(
        f"/events/{event.pk}/invitations", {"person": guest.pk, "body": council.pk}, token=token
    )
    assert two.status_code == 422
    assert two.json()["detail"][0]["msg"] == (
        "Выберите одно: участника, орган или субъекта стратегии."
    )
    missing = api.post(f"/events/{event.pk}/invitations", {"stakeholder": 999999}, token=token)
    assert missing.json()["detail"][0]["field"] == "stakeholder"

    other = make_person("Иванов", "Иван", "", email="ivan@example.org")
    link = invite_person(actor=None, event=event, person=other)
    reply = api.post("/event-invitations/reply", {"token": link.token, "accept": True})
    assert reply.status_code == 200
    assert reply.json()["status"] == "accepted"
    assert reply.json()["registration"]["email"] == "ivan@example.org"
    assert Registration.objects.get(invitation=link).status == "confirmed"
    assert api.post("/event-invitations/reply", {"token": "x", "accept": True}).status_code == 404


def test_attendance_is_marked_by_the_runner_only(api, token_for, runner, member):
    event = make_event("Круглый стол")
    found, _t = registration_create(event=event, name="Анна", email="anna@example.org")
    denied_token, token = token_for(member), token_for(runner)
    before = row_counts(*COUNTED)
    path = f"/events/{event.pk}/registrations/{found.pk}"
    answers = [
        api.put(f"{path}/attendance", {"attended": True}, token=denied_token),
        api.delete(path, token=denied_token),
        api.post(f"/events/{event.pk}/agenda", {"title": "Х"}, token=denied_token),
        api.post(f"/events/{event.pk}/invitations", {"person": 1}, token=denied_token),
        api.put(f"/events/{event.pk}/minutes", {"minutes": "Х"}, token=denied_token),
        api.post(f"/events/{event.pk}/reminders", token=denied_token),
    ]
    assert [a.status_code for a in answers] == [403] * 6
    assert row_counts(*COUNTED) == before
    marked = api.put(f"{path}/attendance", {"attended": True}, token=token)
    assert marked.status_code == 200
    assert marked.json()["attended_at"] is not None
    found.refresh_from_db()
    assert found.attended_at is not None
    assert audit_trail(found)[-1] == ("update", "runner")
    elsewhere = make_event("Другое")
    assert (
        api.put(
            f"/events/{elsewhere.pk}/registrations/{found.pk}/attendance", {}, token=token
        ).status_code
        == 404
    )
