"""A NUL character (\\u0000) is refused by the API in one place, before any database sees it."""

import pytest

from tests.events.factories import make_event
from tests.registry.factories import make_association
from tests.strategy.factories import make_world, write
from tests.surveys.factories import make_question, make_survey
from zemlyaki.events.models import Registration
from zemlyaki.people.models import AccessLogEntry
from zemlyaki.strategy.models import Comment
from zemlyaki.surveys.models import Response

pytestmark = pytest.mark.django_db

MESSAGE = "Недопустимый символ NUL (\\u0000) в значении."


def _detail(response):
    assert response.status_code == 422, response.content
    return [(d["loc"], d["field"], d["msg"]) for d in response.json()["detail"]]


def test_anonymous_registration_with_nul_is_refused(api):
    event = make_event()
    response = api.post(
        f"/events/{event.pk}/registrations",
        {"name": "Ан\u0000на", "email": "a@example.org", "consent": True},
    )
    assert _detail(response) == [(["body", "name"], "name", MESSAGE)]
    assert not Registration.objects.exists()


def test_anonymous_survey_answer_with_nul_is_refused(api):
    survey = make_survey()
    question = make_question(survey, title="Как вас зовут?")
    response = api.post(
        f"/surveys/{survey.pk}/responses", {"answers": {str(question.pk): ["ok", "a\u0000"]}}
    )
    assert _detail(response) == [
        (["body", "answers", str(question.pk), 1], f"answers.{question.pk}.1", MESSAGE)
    ]
    assert not Response.objects.exists()


def test_comment_with_nul_is_refused(api, coordinator, token_for):
    world = make_world(coordinator)
    write(world.section, world.owner)
    response = api.post(
        f"/sections/{world.section.pk}/comments",
        {"text": "За\u0000мечание"},
        token=token_for(world.experts[0]),
    )
    assert _detail(response) == [(["body", "text"], "text", MESSAGE)]
    assert not Comment.objects.exists()


def test_nul_in_a_key_is_refused(api):
    event = make_event()
    response = api.post(
        f"/events/{event.pk}/registrations",
        {"name": "Анна", "email": "a@example.org", "consent": True, "x\u0000": 1},
    )
    assert _detail(response) == [(["body", "x"], "x", MESSAGE)]


def test_nul_in_the_query_string_is_refused_before_the_access_log(api, coordinator, token_for):
    response = api.get("/people", token=token_for(coordinator), q="a\u0000b")
    assert _detail(response) == [(["query", "q"], "q", MESSAGE)]
    assert not AccessLogEntry.objects.exists()


def test_nul_in_an_anonymous_query_is_refused(api):
    response = api.client.get("/api/v1/associations?q=a%00b")
    assert _detail(response) == [(["query", "q"], "q", MESSAGE)]


def test_nul_in_the_path_is_refused(api):
    make_association()
    response = api.client.get("/api/v1/associations/a%00b")
    assert _detail(response) == [(["path"], None, MESSAGE)]


def test_nul_in_a_form_field_is_refused(api, coordinator, token_for):
    response = api.client.post(
        "/api/v1/reports",
        {"association": "a\u0000", "year": "2001"},
        HTTP_AUTHORIZATION=f"Bearer {token_for(coordinator)}",
    )
    assert _detail(response) == [(["form", "association"], "association", MESSAGE)]


def test_escaped_backslash_is_not_a_nul(api):
    event = make_event()
    response = api.post(
        f"/events/{event.pk}/registrations",
        {"name": "Анна \\u0000", "email": "a@example.org", "consent": True},
    )
    assert response.status_code == 201
    assert Registration.objects.get().name == "Анна \\u0000"


def test_access_log_strips_nul_when_storing(coordinator):
    from zemlyaki.people.models import AccessAction
    from zemlyaki.people.services import access_log

    entry = access_log(
        user=coordinator,
        action=AccessAction.SEARCH,
        query={"q": "a\u0000b", "tags": ["x\u0000"], "n\u0000": 1},
        rows=0,
    )
    entry.refresh_from_db()
    assert entry.query == {"q": "ab", "tags": ["x"], "n": 1}
