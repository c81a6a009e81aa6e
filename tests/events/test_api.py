import pytest

from tests.governance.factories import body_user, fill, make_body
from zemlyaki.events.models import Decision, Event, Registration

from .factories import make_event


@pytest.fixture
def runner(db):
    body = make_body("Оргкомитет", kind="organising_committee", powers=["events.run"])
    return body_user(body, username="runner")


@pytest.mark.django_db
def test_list_and_detail_with_agenda(api, django_assert_num_queries):
    from zemlyaki.events.services import agenda_item_add

    event = make_event("Круглый стол", capacity=30, place="Точка кипения")
    agenda_item_add(actor=None, event=event, title="Обсуждение плана", duration_minutes=60)
    make_event("Закрытое заседание", kind="body_meeting", is_public=False)
    with django_assert_num_queries(2):
        response = api.get("/events")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    item = data["items"][0]
    assert {k: item[k] for k in ("id", "kind", "title", "place", "capacity", "confirmed")} == {
        "id": event.pk,
        "kind": "round_table",
        "title": "Круглый стол",
        "place": "Точка кипения",
        "capacity": 30,
        "confirmed": 0,
    }
    detail = api.get(f"/events/{event.pk}").json()
    assert detail["agenda"] == [
        {
            "order": 1,
            "title": "Обсуждение плана",
            "duration_minutes": 60,
            "speaker": "",
            "section_id": None,
        }
    ]
    hidden = Event.objects.get(is_public=False)
    assert api.get(f"/events/{hidden.pk}").status_code == 404


@pytest.mark.django_db
def test_create_needs_the_power(api, token_for, runner, member):
    payload = {
        "kind": "strategic_session",
        "title": "Стратегическая сессия",
        "starts_at": "2027-03-01T11:00:00+03:00",
        "place": "Дом народов России",
        "capacity": 100,
    }
    assert api.post("/events", payload).status_code == 401
    refused = api.post("/events", payload, token=token_for(member))
    assert refused.status_code == 403
    assert Event.objects.count() == 0
    created = api.post("/events", payload, token=token_for(runner))
    assert created.status_code == 201
    body = created.json()
    assert body["starts_at"] == "2027-03-01T11:00:00+03:00"
    event = Event.objects.get()
    assert event.starts_at.isoformat() == "2027-03-01T08:00:00+00:00"
    assert (event.kind, event.capacity) == ("strategic_session", 100)


@pytest.mark.django_db
def test_create_requires_offset_and_known_kind(api, token_for, runner):
    response = api.post(
        "/events",
        {"kind": "party", "title": "Т", "starts_at": "2027-03-01T11:00:00"},
        token=token_for(runner),
    )
    assert response.status_code == 422
    fields = {d["field"]: d["msg"] for d in response.json()["detail"]}
    assert fields["kind"].startswith("Недопустимое значение; допустимы:")
    assert fields["starts_at"] == "Укажите часовой пояс."
    assert Event.objects.count() == 0


@pytest.mark.django_db
def test_public_registration_without_token(api):
    event = make_event(capacity=1)
    first = api.post(
        f"/events/{event.pk}/registrations",
        {"name": "Анна", "email": "a@example.org", "consent": True},
    )
    assert first.status_code == 201
    assert first.json()["status"] == "confirmed"
    second = api.post(
        f"/events/{event.pk}/registrations",
        {"name": "Борис", "email": "b@example.org", "consent": True},
    )
    assert second.json()["status"] == "waitlisted"
    again = api.post(
        f"/events/{event.pk}/registrations",
        {"name": "Анна", "email": "a@example.org", "consent": True},
    )
    assert again.status_code == 422
    assert again.json()["detail"][0]["msg"] == "С этой почты уже есть регистрация на мероприятие."
    assert Registration.objects.count() == 2


@pytest.mark.django_db
def test_registration_rate_limited(api, settings):
    settings.ZEMLYAKI_REGISTRATION_RATE_PER_HOUR = 1
    event = make_event()
    api.post(
        f"/events/{event.pk}/registrations",
        {"name": "А", "email": "a@example.org", "consent": True},
    )
    limited = api.post(
        f"/events/{event.pk}/registrations",
        {"name": "Б", "email": "b@example.org", "consent": True},
    )
    assert limited.status_code == 429
    assert (
        limited.json()["detail"]
        == "Слишком много регистраций с одного адреса. Попробуйте через час."
    )
    assert Registration.objects.count() == 1


@pytest.mark.django_db
def test_closed_registration_answers_409(api):
    event = make_event(registration_open=False)
    response = api.post(
        f"/events/{event.pk}/registrations",
        {"name": "А", "email": "a@example.org", "consent": True},
    )
    assert response.status_code == 409
    assert Registration.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "open_"),
    [
        ({}, True),
        ({"is_public": False}, False),  # a closed event: its people are invited
        ({"status": "held"}, False),
        ({"status": "cancelled"}, False),
        ({"registration_open": False}, False),
    ],
)
def test_registration_open_reads_what_registration_answers(api, token_for, member, fields, open_):
    """The organiser's mark stays on, yet a closed, held or cancelled event takes no
    registration by its link: the event reads ``registration_open: false`` then, in the
    list, the detail and the page alike, and registering is refused with nothing changed."""
    from django.test import Client

    from zemlyaki.events.services import event_update

    event = make_event()
    status = fields.pop("status", None)
    if fields:
        event = event_update(actor=None, event=event, **fields)
    if status:
        Event.objects.filter(pk=event.pk).update(status=status)
    token = token_for(member)  # a closed event is read by those signed in
    detail = api.get(f"/events/{event.pk}", token=token).json()
    listed = api.get("/events", token=token).json()["items"]
    assert detail["registration_open"] is open_
    assert [e["registration_open"] for e in listed if e["id"] == event.pk] == [open_]
    client = Client()
    client.force_login(member)
    page = client.get(f"/events/{event.pk}/").content.decode()
    assert (f"/events/{event.pk}/register/" in page) is open_
    response = api.post(
        f"/events/{event.pk}/registrations",
        {"name": "Анна", "email": "a@example.org", "consent": True},
        token=token,
    )
    if open_:
        assert response.status_code == 201
        assert Registration.objects.filter(event=event).count() == 1
        return
    assert response.json() == {"detail": "Регистрация на это мероприятие закрыта."}
    assert response.status_code == 409
    assert Registration.objects.count() == 0
    assert Event.objects.get(pk=event.pk).registration_open is fields.get("registration_open", True)


@pytest.mark.django_db
def test_decisions_endpoint_checks_power_and_quorum(api, token_for, member):
    organiser = make_body("Рабочая группа", powers=["events.run"])
    fill(organiser, 3)
    runner = body_user(organiser, username="secretary")  # 4 members now
    event = make_event(organiser=organiser)
    payload = {"text": "Одобрить повестку.", "present": 2, "votes_for": 2}
    assert (
        api.post(f"/events/{event.pk}/decisions", payload, token=token_for(member)).status_code
        == 403
    )
    no_quorum = api.post(f"/events/{event.pk}/decisions", payload, token=token_for(runner))
    assert no_quorum.status_code == 422
    assert no_quorum.json()["detail"] == [
        {
            "loc": ["body", "present"],
            "field": "present",
            "msg": "Кворума нет: присутствуют 2 из 4 членов органа «Рабочая группа», "
            "а нужно более половины — не менее 3.",
            "type": "value_error",
        }
    ]
    assert Decision.objects.count() == 0
    ok = api.post(
        f"/events/{event.pk}/decisions",
        {**payload, "present": 3, "votes_for": 3},
        token=token_for(runner),
    )
    assert ok.status_code == 201
    assert {k: ok.json()[k] for k in ("number", "adopted", "votes_for", "body")} == {
        "number": 1,
        "adopted": True,
        "votes_for": 3,
        "body": organiser.pk,
    }


@pytest.mark.django_db
def test_registration_needs_consent_as_the_html_form(api):
    from zemlyaki.people.models import Consent

    event = make_event(title="Круглый стол", capacity=5)
    url = f"/events/{event.pk}/registrations"
    for body in ({"name": "Анна", "email": "a@example.org"},
                 {"name": "Анна", "email": "a@example.org", "consent": False}):  # fmt: skip
        refused = api.post(url, body)
        assert refused.status_code == 422
        assert refused.json()["detail"] == [
            {
                "loc": ["body", "consent"],
                "field": "consent",
                "msg": "Без согласия на обработку персональных данных форму отправить нельзя.",
                "type": "value_error",
            }
        ]
    assert (Registration.objects.count(), Consent.objects.count()) == (0, 0)
    created = api.post(url, {"name": "Анна", "email": "a@example.org", "consent": True})
    assert created.status_code == 201
    consent = Consent.objects.get()
    assert (
        consent.source,
        consent.text_version,
        consent.subject_name,
        consent.subject_contact,
    ) == (
        f"events.registration:{created.json()['id']}",
        "2026-12",
        "Анна",
        "a@example.org",
    )
    assert consent.purpose == "Регистрация на мероприятие «Круглый стол»"
