"""The client's address for rate limits and the login lockout: REMOTE_ADDR, or the
forwarded address when (and only when) the request comes from a trusted proxy."""

import pytest
from django.test import Client, RequestFactory

from tests.accounts.factories import PASSWORD, UserFactory
from tests.events.factories import make_event
from tests.surveys.factories import make_question, make_survey
from zemlyaki.core.security import client_address
from zemlyaki.events.models import Registration
from zemlyaki.surveys.models import Response


def _request(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        ([], "10.0.0.1", "203.0.113.5", "10.0.0.1"),  # no proxy configured: header ignored
        (["10.0.0.1"], "10.0.0.1", "203.0.113.5", "203.0.113.5"),
        (["10.0.0.0/8"], "10.0.0.1", "198.51.100.7, 203.0.113.5, 10.0.0.9", "203.0.113.5"),
        (["10.0.0.1"], "192.0.2.1", "203.0.113.5", "192.0.2.1"),  # forged by a client
        (["10.0.0.1"], "10.0.0.1", "", "10.0.0.1"),
        (["10.0.0.1"], "10.0.0.1", "203.0.113.5:4431", "203.0.113.5"),
        (["10.0.0.1"], "10.0.0.1", "[2001:db8::1]:443", "2001:db8::1"),
        (["10.0.0.1"], "10.0.0.1", "not-an-address", "10.0.0.1"),
        (["10.0.0.0/8"], "10.0.0.1", "10.0.0.7, 10.0.0.8", "10.0.0.7"),
        (["::1", "127.0.0.1"], "::1", "2001:db8::2", "2001:db8::2"),
    ],
)
def test_client_address(settings, proxies, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = proxies
    assert client_address(_request(remote, forwarded)) == expected


def _register(event, name, forwarded):
    return Client(REMOTE_ADDR="10.0.0.1").post(
        f"/api/v1/events/{event.pk}/registrations",
        {"name": name, "email": f"{name}@example.org", "consent": True},
        content_type="application/json",
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@pytest.mark.django_db
def test_registrations_behind_a_trusted_proxy_are_limited_per_client(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    settings.ZEMLYAKI_REGISTRATION_RATE_PER_HOUR = 1
    event = make_event()
    assert _register(event, "anna", "203.0.113.5").status_code == 201
    assert _register(event, "boris", "203.0.113.5").status_code == 429
    assert _register(event, "vera", "198.51.100.7").status_code == 201
    assert sorted(Registration.objects.values_list("name", flat=True)) == ["anna", "vera"]


@pytest.mark.django_db
def test_forged_forwarded_header_from_an_untrusted_address_is_ignored(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    settings.ZEMLYAKI_REGISTRATION_RATE_PER_HOUR = 1
    event = make_event()
    assert _register(event, "anna", "203.0.113.5").status_code == 201
    assert _register(event, "boris", "198.51.100.7").status_code == 429
    assert list(Registration.objects.values_list("name", flat=True)) == ["anna"]


@pytest.mark.django_db
def test_anonymous_questionnaires_behind_a_trusted_proxy_are_limited_per_client(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    settings.ZEMLYAKI_SURVEY_ANON_PER_HOUR = 1
    survey = make_survey()
    question = make_question(survey, title="Как вас зовут?")
    proxy = Client(REMOTE_ADDR="10.0.0.1")

    def answer(forwarded):
        return proxy.post(
            f"/api/v1/surveys/{survey.pk}/responses",
            {"answers": {str(question.pk): "Анна"}},
            content_type="application/json",
            HTTP_X_FORWARDED_FOR=forwarded,
        ).status_code

    assert [answer("203.0.113.5"), answer("203.0.113.5"), answer("198.51.100.7")] == [
        201, 429, 201,
    ]  # fmt: skip
    assert Response.objects.count() == 2


@pytest.mark.django_db
def test_login_lockout_behind_a_trusted_proxy_is_per_client(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    UserFactory(username="olga")
    attacker = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attacker.post("/accounts/login/", {"username": "olga", "password": "неверный"})
    locked = attacker.post("/accounts/login/", {"username": "olga", "password": PASSWORD})
    assert locked.status_code == 429
    owner = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    response = owner.post("/accounts/login/", {"username": "olga", "password": PASSWORD})
    assert response.status_code == 302
    from axes.models import AccessAttempt

    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.5"]
