"""Every refusal of the API answers in Russian, in the documented shape."""

import pytest

from tests.plan.factories import make_plan
from zemlyaki.plan.models import Plan

pytestmark = pytest.mark.django_db


def test_missing_token_answers_401_in_russian(api):
    response = api.get("/plans")
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Нужен действующий токен: заголовок «Authorization: Bearer <токен>»."
    }
    assert response["WWW-Authenticate"] == "Bearer"


def test_wrong_token_answers_401_even_where_none_is_needed(api):
    response = api.get("/events", token="wrong")
    assert response.status_code == 401
    assert response.json()["detail"].startswith("Нужен действующий токен")


def test_unparsable_body_answers_400_in_russian(api, coordinator, token_for):
    response = api.client.post(
        "/api/v1/plans",
        "{not json",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token_for(coordinator)}",
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Не удалось разобрать тело запроса: нужен корректный JSON."
    }
    assert not Plan.objects.exists()


def test_missing_record_answers_404_in_russian(api, coordinator, token_for):
    assert api.get("/events/12345").json() == {"detail": "Не найдено."}
    response = api.get("/plans/12345", token=token_for(coordinator))
    assert response.status_code == 404
    assert response.json() == {"detail": "Не найдено."}


def test_unknown_api_address_answers_json_404(api):
    response = api.get("/no-such-endpoint")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Не найдено."}


def test_validation_messages_are_russian(api, coordinator, token_for):
    plan = make_plan()
    response = api.post(
        f"/plans/{plan.pk}/tasks",
        {"number": "", "title": 5, "due_date": "завтра", "depends_on": "1"},
        token=token_for(coordinator),
    )
    assert response.status_code == 422
    assert {d["field"]: d["msg"] for d in response.json()["detail"]} == {
        "number": "Слишком короткое значение: символов не менее 1.",
        "title": "Нужна строка.",
        "due_date": "Неверная дата.",
        "depends_on": "Нужен список.",
    }


def test_api_server_error_answers_json(api, monkeypatch):
    from zemlyaki.events import selectors

    def broken(**kwargs):
        raise RuntimeError("база недоступна")

    monkeypatch.setattr(selectors, "event_list", broken)
    api.client.raise_request_exception = False
    response = api.get("/events")
    assert response.status_code == 500
    assert response.json() == {"detail": "Ошибка на сервере. Попробуйте позже."}
