import pytest

from tests.governance.factories import body_user, fill, make_body
from zemlyaki.core.models import AuditEntry
from zemlyaki.events.models import Decision, Event, Registration
from zemlyaki.events.services import agenda_item_add, registration_create
from zemlyaki.people.consents import CURRENT_VERSION as CONSENT_VERSION
from zemlyaki.people.models import Consent

from .factories import make_event


@pytest.fixture
def organiser(db):
    body = make_body("Оргкомитет", kind="organising_committee", powers=["events.run"])
    fill(body, 2)
    return body


@pytest.mark.django_db
def test_event_list_filters_and_counts(client, django_assert_num_queries):
    make_event("Круглый стол по плану", capacity=10)
    make_event("Стратегическая сессия", kind="strategic_session")
    make_event("Прошедшее собрание", kind="general_meeting", days=-30)
    with django_assert_num_queries(2):
        response = client.get("/events/", {"when": "upcoming"})
    assert [e.title for e in response.context["page"]] == [
        "Круглый стол по плану",
        "Стратегическая сессия",
    ]
    assert "2 мероприятия" in response.text
    found = client.get("/events/", {"q": "круглого стола"})
    assert [e.title for e in found.context["page"]] == ["Круглый стол по плану"]


@pytest.mark.django_db
def test_detail_and_preparation_pages_are_public(client):
    event = make_event(
        "Круглый стол",
        preparation="Форма анкеты будет здесь не позднее 1 октября.",
        questionnaire_url="https://example.org/anketa",
    )
    agenda_item_add(actor=None, event=event, title="Обсуждение плана", duration_minutes=21)
    detail = client.get(f"/events/{event.pk}/")
    assert detail.status_code == 200
    assert "Обсуждение плана" in detail.text
    assert "21 минута" in detail.text
    assert "Зарегистрироваться" in detail.text
    assert "Редактировать" not in detail.text
    preparation = client.get(f"/events/{event.pk}/preparation/")
    assert "Форма анкеты будет здесь не позднее 1 октября." in preparation.text
    assert 'href="https://example.org/anketa"' in preparation.text


@pytest.mark.django_db
def test_closed_event_is_hidden_from_guests(client, member):
    event = make_event("Заседание", kind="body_meeting", is_public=False)
    assert client.get(f"/events/{event.pk}/").status_code == 302
    client.force_login(member)
    assert client.get(f"/events/{event.pk}/").status_code == 200


@pytest.mark.django_db
def test_register_through_the_page(client):
    event = make_event(capacity=1)
    bad = client.post(f"/events/{event.pk}/register/", {"name": "", "email": "not-an-email"})
    assert bad.status_code == 200
    assert bad.context["form"].errors == {
        "name": ["Обязательное поле."],
        "email": ["Введите правильный адрес электронной почты."],
        "consent": ["Без согласия на обработку персональных данных форму отправить нельзя."],
    }
    assert 'id="consent-text"' in bad.text
    response = client.post(
        f"/events/{event.pk}/register/",
        {"name": "Анна", "email": "a@example.org", "consent": "on"},
    )
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert (consent.person, consent.subject_name, consent.subject_contact) == (
        None,
        "Анна",
        "a@example.org",
    )
    assert (consent.text_version, consent.form) == (CONSENT_VERSION, "online")
    assert consent.source == f"events.registration:{Registration.objects.get().pk}"
    token = response.url.rstrip("/").rsplit("/", 1)[1]
    page = client.get(response.url)
    assert "Регистрация подтверждена." in page.text
    assert "<svg" in page.text  # the QR code
    registration = Registration.objects.get()
    assert registration.token_hash != token
    client.post(response.url, {"action": "cancel"})
    registration.refresh_from_db()
    assert registration.status == "cancelled"


@pytest.mark.django_db
def test_outsider_cannot_manage_what_only_the_body_may(client, organiser, member):
    """A user outside the organising body is refused an action only its power allows."""
    event = make_event(organiser=organiser)
    registration, _token = registration_create(event=event, name="Анна", email="a@example.org")
    client.force_login(member)
    assert client.get(f"/events/{event.pk}/attendance/").status_code == 403
    refused = client.post(f"/events/{event.pk}/attendance/{registration.pk}/", {"attended": "1"})
    assert refused.status_code == 403
    registration.refresh_from_db()
    assert registration.attended_at is None
    decision = client.post(
        f"/events/{event.pk}/minutes/",
        {"form": "decision", "text": "Решение", "present": 2, "votes_for": 2, "effect": "none"},
    )
    assert decision.status_code == 403
    assert Decision.objects.count() == 0
    edit = client.post(f"/events/{event.pk}/edit/", {"title": "Чужое"})
    assert edit.status_code == 403
    assert Event.objects.get().title == "Круглый стол"


@pytest.mark.django_db
def test_body_member_marks_attendance_and_prints_the_list(client, organiser):
    event = make_event(organiser=organiser, capacity=1)
    anna, _ = registration_create(event=event, name="Анна", email="a@example.org")
    registration_create(event=event, name="Борис", email="b@example.org")
    client.force_login(body_user(organiser))
    response = client.post(f"/events/{event.pk}/attendance/{anna.pk}/", {"attended": "1"})
    assert response.status_code == 302
    anna.refresh_from_db()
    assert anna.attended_at is not None
    page = client.get(f"/events/{event.pk}/attendance/")
    assert [r.name for r in page.context["registrations"]] == ["Анна"]
    assert [r.name for r in page.context["waiting"]] == ["Борис"]
    assert 'media="print"' in page.text
    assert "Подтверждено: 1; в листе ожидания: 1." in page.text


@pytest.mark.django_db
def test_decision_form_refuses_without_quorum_next_to_the_field(client, organiser):
    event = make_event(organiser=organiser)
    runner = body_user(organiser)  # three members now
    client.force_login(runner)
    response = client.post(
        f"/events/{event.pk}/minutes/",
        {
            "form": "decision",
            "text": "Решение",
            "present": 1,
            "votes_for": 1,
            "effect": "none",
            "votes_against": 0,
            "votes_abstained": 0,
        },
    )
    assert response.status_code == 422
    assert response.context["decision_form"].errors["present"] == [
        "Кворума нет: присутствуют 1 из 3 членов органа «Оргкомитет», "
        "а нужно более половины — не менее 2."
    ]
    assert Decision.objects.count() == 0
    ok = client.post(
        f"/events/{event.pk}/minutes/",
        {
            "form": "decision",
            "text": "Решение",
            "present": 2,
            "votes_for": 2,
            "effect": "none",
            "votes_against": 0,
            "votes_abstained": 0,
        },
    )
    assert ok.status_code == 302
    assert Decision.objects.get().adopted is True
    assert AuditEntry.objects.filter(object_type="events.decision").count() == 1


@pytest.mark.django_db
def test_invitation_reply_registers_the_guest(client, organiser):
    from tests.people.factories import make_person
    from zemlyaki.events.services import invite_person

    event = make_event(organiser=organiser)
    person = make_person("Орлова", "Наталья", "", email="orlova@example.org")
    invitation = invite_person(actor=None, event=event, person=person)
    page = client.get(f"/events/invitation/{invitation.token}/")
    assert page.status_code == 200
    assert "<svg" in page.text
    client.post(f"/events/invitation/{invitation.token}/", {"answer": "accept"})
    invitation.refresh_from_db()
    assert invitation.status == "accepted"
    registration = Registration.objects.get()
    assert (registration.person, registration.status, registration.invitation) == (
        person,
        "confirmed",
        invitation,
    )
    client.post(f"/events/invitation/{invitation.token}/", {"answer": "decline"})
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    assert client.get("/events/invitation/wrong-token/").status_code == 404
