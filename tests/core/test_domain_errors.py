"""The one domain error type: each kind maps to its status on pages and in the API."""

import json

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from zemlyaki.core.errors import (
    Conflict,
    DomainErrorMiddleware,
    Forbidden,
    Invalid,
    NotFound,
    add_to_form,
    api_detail,
)


def test_invalid_keeps_messages_per_field() -> None:
    error = Invalid({"value": ["Значение не может быть отрицательным."]})
    assert error.status == 422
    assert error.field_errors == {"value": ["Значение не может быть отрицательным."]}
    assert api_detail(error) == [
        {
            "loc": ["body", "value"],
            "field": "value",
            "msg": "Значение не может быть отрицательным.",
            "type": "value_error",
        }
    ]


def test_invalid_from_a_plain_message_is_a_whole_form_error() -> None:
    error = Invalid("Период вне лет стратегии.")
    assert error.field_errors == {"__all__": ["Период вне лет стратегии."]}
    assert error.message == "Период вне лет стратегии."
    assert api_detail(error)[0]["field"] is None  # type: ignore[index]


def test_invalid_from_django_validation_error() -> None:
    error = Invalid.from_validation_error(ValidationError({"period": ["Будущий период."]}))
    assert error.field_errors == {"period": ["Будущий период."]}


@pytest.mark.parametrize(
    ("error", "status"),
    [(NotFound(), 404), (Forbidden(), 403), (Conflict("Уже утверждено."), 409)],
)
def test_statuses_and_default_messages(error: Exception, status: int) -> None:
    assert error.status == status  # type: ignore[attr-defined]
    assert api_detail(error) == error.message  # type: ignore[arg-type, attr-defined]
    assert error.message  # type: ignore[attr-defined]


class _Form(forms.Form):
    value = forms.DecimalField()


def test_add_to_form_puts_messages_next_to_fields() -> None:
    form = _Form(data={"value": "1"})
    assert form.is_valid()
    add_to_form(form, Invalid({"value": ["Слишком много."], "__all__": ["Общее."]}))
    assert form.errors == {"value": ["Слишком много."], "__all__": ["Общее."]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("error", "status", "text"),
    [
        (Conflict("Раздел уже утверждён."), 409, "Раздел уже утверждён."),
        (Invalid({"value": ["Нужно число."]}), 422, "Нужно число."),
        (Forbidden("Только координатор."), 403, "Только координатор."),
        (NotFound(), 404, "Такой страницы нет"),
        (NotFound("Показатель удалён."), 404, "Показатель удалён."),
    ],
)
def test_page_handler_renders_message_with_status(error: Exception, status: int, text: str) -> None:
    request = RequestFactory().get("/x/")
    request.user = AnonymousUser()
    middleware = DomainErrorMiddleware(lambda r: None)
    response = middleware.process_exception(request, error)
    assert response is not None
    assert response.status_code == status
    assert text in response.content.decode()


def test_page_handler_ignores_other_exceptions() -> None:
    request = RequestFactory().get("/x/")
    assert DomainErrorMiddleware(lambda r: None).process_exception(request, ValueError()) is None


@pytest.mark.django_db
def test_api_handler_answers_in_the_error_shape(client) -> None:  # type: ignore[no-untyped-def]
    from zemlyaki.api.api import api

    handler = api._exception_handlers  # ninja keeps them by class
    assert any(cls.__name__ == "DomainError" for cls in handler)
    request = RequestFactory().get("/api/v1/x")
    response = api.on_exception(request, Conflict("Уже утверждено."))
    assert response.status_code == 409
    assert json.loads(response.content) == {"detail": "Уже утверждено."}


@pytest.mark.django_db
def test_method_not_allowed_says_why_in_the_api_shape(client) -> None:
    response = client.delete("/api/v1/associations")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert "GET" in response["Allow"]
    assert response.json() == {
        "detail": f"Этот адрес не принимает запрос DELETE; допустимо: {response['Allow']}."
    }


@pytest.mark.django_db
def test_method_not_allowed_on_a_page_is_a_page(client, coordinator) -> None:
    client.force_login(coordinator)
    response = client.get("/programs/1/stop/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    html = response.content.decode()
    assert "Этот адрес не принимает запрос GET; допустимо: POST." in html
    assert 'class="site-header"' in html
