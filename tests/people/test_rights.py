"""«Мои данные»: a member downloads everything held about them, withdraws a consent and
asks for erasure; a coordinator carries it out or refuses within 30 days; the person is
told by e-mail; the audit keeps who did it."""

import datetime
import json

import pytest
from django.utils import timezone

from tests.accounts.factories import UserFactory
from tests.registry.factories import make_association
from zemlyaki.core.models import AuditEntry
from zemlyaki.people import rights, services
from zemlyaki.people.models import AccessLogEntry, Consent, ErasureRequest, Person

from .factories import make_person


@pytest.fixture
def me(db):
    association = make_association("Тамбовское землячество", ["68"])
    user = UserFactory(role="member", username="olga", email="olga@example.org")
    person = make_person(
        "Землякова",
        "Ольга",
        "Петровна",
        association=association,
        email="olga@example.org",
        phone="+7 916 000-00-01",
        occupation="юрисконсульт",
        competencies=["Корпоративное право"],
    )
    services.consent_record(actor=None, person=person, purpose="анкетирование", form="online")
    services.person_link_user(actor=None, person=person, user=user)
    return user, person


def test_member_downloads_everything_as_json_and_a_readable_page(client, me):
    user, person = me
    client.force_login(user)
    page = client.get("/people/me/data/")
    assert page.status_code == 200 and 'id="download-json"' in page.text
    response = client.get("/people/me/data.json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
    data = json.loads(response.content)
    assert (data["last_name"], data["phone"], data["email"]) == (
        "Землякова",
        "+79160000001",
        "olga@example.org",
    )
    assert data["competencies"] == ["Корпоративное право"]
    assert data["memberships"][0]["association"] == "Тамбовское землячество"
    assert [c["purpose"] for c in data["consents"]] == [
        "учёт членов землячества и формирование экспертного сообщества",
        "анкетирование",
    ]
    assert data["account"]["username"] == "olga"
    html = client.get("/people/me/data.html")
    assert html.status_code == 200 and html["Content-Type"] == "text/html; charset=utf-8"
    assert "Землякова" in html.text and "+79160000001" in html.text
    assert AccessLogEntry.objects.filter(person=person, action="export").count() == 2


def test_download_holds_what_other_apps_keep_about_the_person(client, me):
    from tests.events.factories import make_event
    from zemlyaki.events.services import registration_create
    from zemlyaki.governance.services import body_create, member_add

    user, person = me
    event = make_event("Круглый стол", capacity=5)
    registration_create(event=event, name="Землякова Ольга", email="olga@example.org", user=user)
    council = body_create(actor=None, kind="expert_council", name="Экспертный совет")
    member_add(actor=None, body=council, person=person)
    client.force_login(user)
    data = json.loads(client.get("/people/me/data.json").content)
    found = {h["label"]: h["records"] for h in data["elsewhere"]}
    [registration] = found["events.registrations"]
    assert (registration["event"], registration["email"]) == ("Круглый стол", "olga@example.org")
    assert [m["body"] for m in found["governance.memberships"]] == ["Экспертный совет"]
    assert not any("hash" in key for h in data["elsewhere"] for r in h["records"] for key in r)
    assert "Экспертный совет" in client.get("/people/me/data.html").text


def test_my_data_without_a_card_explains(client, coordinator):
    client.force_login(coordinator)
    response = client.get("/people/me/data/")
    assert response.status_code == 200 and "Как его получить" in response.text
    assert client.get("/people/me/data.json").status_code == 200
    assert "application/json" not in client.get("/people/me/data.json")["Content-Type"]


def test_guest_is_sent_to_sign_in(client, db):
    for url in ("/people/me/data/", "/people/me/data.json", "/people/me/data.html"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_member_withdraws_own_consent_one_by_one(client, me):
    user, person = me
    first, second = person.consents.order_by("pk")
    client.force_login(user)
    response = client.post(f"/people/me/consents/{second.pk}/withdraw/")
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.withdrawn_on, second.withdrawn_on) == (None, timezone.localdate())
    assert second.withdrawn_by == user
    assert Person.objects.get(pk=person.pk).has_consent is True
    client.post(f"/people/me/consents/{first.pk}/withdraw/")
    assert Person.objects.get(pk=person.pk).has_consent is False


def test_nobody_withdraws_someone_elses_consent_here(client, me, member):
    _user, person = me
    consent = person.consents.first()
    other = make_person("Другов", "Иван", "")
    services.person_link_user(actor=None, person=other, user=member)
    client.force_login(member)
    response = client.post(f"/people/me/consents/{consent.pk}/withdraw/")
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_erasure_request_needs_confirmation_and_is_one_at_a_time(client, me):
    user, person = me
    client.force_login(user)
    refused = client.post("/people/me/data/", {"comment": ""})
    assert refused.status_code == 422
    assert "Подтвердите, что понимаете последствия удаления." in refused.text
    assert ErasureRequest.objects.count() == 0
    response = client.post("/people/me/data/", {"comment": "Переехал", "confirm": "on"})
    assert response.status_code == 302
    request = ErasureRequest.objects.get()
    assert request.due_on == timezone.localdate() + datetime.timedelta(days=30)
    assert (request.status, request.requested_by, request.comment) == ("pending", user, "Переехал")
    page = client.get("/people/me/data/").text
    assert 'id="erasure-pending"' in page and request.due_on.strftime("%d.%m.%Y") in page
    with pytest.raises(Exception, match="Запрос уже подан"):
        rights.erasure_request_create(actor=user, person=person)
    assert ErasureRequest.objects.count() == 1


def test_coordinators_hear_of_a_new_request_by_mail(
    me, coordinator, smtp, settings, django_capture_on_commit_callbacks
):
    user, person = me
    settings.ZEMLYAKI_SITE_URL = "https://zemlyaki.example.org"
    UserFactory(role="coordinator", username="coord2", email="")
    UserFactory(role="leader", username="lead", email="lead@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        erasure = rights.erasure_request_create(actor=user, person=person)
    assert [m["X-Envelope-To"] for m in smtp] == [coordinator.email]
    body = smtp[0].get_content()
    assert erasure.due_on.strftime("%d.%m.%Y") in body
    assert "https://zemlyaki.example.org/people/erasure-requests/" in body
    assert "Землякова" not in body


def test_coordinator_carries_out_the_erasure(
    client, me, coordinator, smtp, django_capture_on_commit_callbacks
):
    user, person = me
    request = rights.erasure_request_create(actor=user, person=person, comment="Прошу удалить")
    client.force_login(coordinator)
    queue = client.get("/people/erasure-requests/")
    assert queue.status_code == 200 and f'id="erasure-{request.pk}"' in queue.text
    assert request.due_on.strftime("%d.%m.%Y") in queue.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/people/erasure-requests/{request.pk}/", {"action": "carry_out", "reason": ""}
        )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.erased_at is not None
    assert (person.last_name, person.email, person.phone, person.user) == ("", "", "", None)
    assert not Consent.objects.filter(person=person).exists()
    user.refresh_from_db()
    assert (user.username, user.email, user.last_name, user.is_active) == (
        f"erased-{user.pk}",
        "",
        "",
        False,
    )
    assert not user.has_usable_password()
    request.refresh_from_db()
    assert (request.status, request.decided_by, request.comment) == ("done", coordinator, "")
    erase = AuditEntry.objects.get(object_type="people.person", action="delete")
    assert erase.actor == coordinator and erase.actor_repr == "coord"
    decided = AuditEntry.objects.get(object_type="people.erasurerequest", action="update")
    assert decided.actor == coordinator and decided.after["status"] == "done"
    assert [
        e.pk
        for e in AuditEntry.objects.all()
        if "Землякова" in json.dumps([e.before, e.after, e.object_repr], ensure_ascii=False)
    ] == []
    assert [m["X-Envelope-To"] for m in smtp] == ["olga@example.org"]
    assert smtp[0]["Subject"].strip() == "Ваши персональные данные удалены"
    # The login is closed: the person can no longer sign in.
    client.logout()
    signin = client.post("/accounts/login/", {"username": "olga", "password": "Секретный-пароль-1"})
    assert signin.status_code == 200 and "_auth_user_id" not in client.session


def test_coordinator_refuses_with_a_reason(
    client, me, coordinator, smtp, django_capture_on_commit_callbacks
):
    user, person = me
    request = rights.erasure_request_create(actor=user, person=person)
    client.force_login(coordinator)
    client.post(f"/people/erasure-requests/{request.pk}/", {"action": "refuse", "reason": ""})
    request.refresh_from_db()
    assert request.status == "pending"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/people/erasure-requests/{request.pk}/",
            {"action": "refuse", "reason": "Идёт проверка по договору пожертвования"},
        )
    request.refresh_from_db()
    assert (request.status, request.refusal_reason, request.decided_by) == (
        "refused",
        "Идёт проверка по договору пожертвования",
        coordinator,
    )
    assert Person.objects.get(pk=person.pk).erased_at is None
    assert [m["X-Envelope-To"] for m in smtp] == ["olga@example.org"]
    assert "Идёт проверка по\u00a0договору пожертвования" in smtp[0].get_content()
    client.force_login(user)
    assert "Идёт проверка по договору пожертвования" in client.get("/people/me/data/").text


def test_overdue_requests_are_flagged(client, me, coordinator):
    user, person = me
    request = rights.erasure_request_create(actor=user, person=person)
    ErasureRequest.objects.filter(pk=request.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    request.refresh_from_db()
    assert request.is_overdue is True
    client.force_login(coordinator)
    page = client.get("/people/erasure-requests/").text
    assert 'class="overdue"' in page and "просрочен" in page


@pytest.mark.parametrize("role", ["leader", "member", "administrator"])
def test_only_a_coordinator_decides(client, me, role, request):
    user, person = me
    erasure = rights.erasure_request_create(actor=user, person=person)
    client.force_login(request.getfixturevalue(role))
    assert client.get("/people/erasure-requests/").status_code == 403
    response = client.post(f"/people/erasure-requests/{erasure.pk}/", {"action": "carry_out"})
    assert response.status_code == 403
    erasure.refresh_from_db()
    assert erasure.status == "pending"
    assert Person.objects.get(pk=person.pk).erased_at is None


def test_decided_request_cannot_be_decided_again(me, coordinator):
    user, person = me
    erasure = rights.erasure_request_create(actor=user, person=person)
    rights.erasure_request_refuse(actor=coordinator, request=erasure, reason="Причина")
    with pytest.raises(Exception, match="уже принято"):
        rights.erasure_request_carry_out(actor=coordinator, request=erasure)
    assert Person.objects.get(pk=person.pk).erased_at is None


def test_api_own_data_and_erasure_request(api, token_for, me, coordinator):
    user, person = me
    token = token_for(user)
    data = api.get("/me/data", token=token)
    assert data.status_code == 200 and data.json()["last_name"] == "Землякова"
    created = api.post("/me/erasure-request", {"comment": "API"}, token=token)
    assert created.status_code == 201
    assert (
        created.json()["due_on"] == (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    )
    again = api.post("/me/erasure-request", {}, token=token)
    assert again.status_code == 409 and again.json()["detail"].startswith("Запрос уже подан")
    assert api.get("/me/data", token=token_for(coordinator)).status_code == 404
    assert api.get("/me/data").status_code == 401
