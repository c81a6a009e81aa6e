"""One domain error type for the whole platform.

Services raise these; they know nothing of HTTP. Two handlers translate them, each in one
place: ``zemlyaki.api.errors`` into the API's error shape (``{"detail": ...}`` with the
status below), ``DomainErrorMiddleware`` into a page with the message and the same status.
A view that shows a form catches ``Invalid`` only to put its field errors next to the
fields (``add_to_form``); every other refusal goes to the handlers.

    from zemlyaki.core.errors import Conflict, Forbidden, Invalid, NotFound

    if indicator.archived:
        raise Conflict(_("Показатель в архиве: значения не принимаются."))
    raise Invalid({"value": [_("Значение не может быть отрицательным.")]})

Every message is a translatable string written for a person.
"""

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from zemlyaki.core.error_views import is_api, json_error

NON_FIELD = "__all__"


class DomainError(Exception):
    """A refusal a person can understand: a message, an HTTP status and a short code."""

    status: ClassVar[int] = 400
    code: ClassVar[str] = "invalid"
    default_message: ClassVar[Any] = _("Неверный запрос.")

    def __init__(self, message: Any = None) -> None:
        self.message = str(message if message is not None else self.default_message)
        super().__init__(self.message)

    def extra(self) -> dict[str, Any]:
        """Fields the API answers next to ``detail`` (a conflict's current state)."""
        return {}

    def detail(self) -> Any:
        """The API's ``detail``: the message (``Invalid``: an item per field)."""
        return self.message


class NotFound(DomainError):
    status = 404
    code = "not_found"
    default_message = _("Не найдено.")


class Forbidden(DomainError):
    status = 403
    code = "forbidden"
    default_message = _("Недостаточно прав для этого действия.")


class Conflict(DomainError):
    """The object's current state does not allow the action (a transition, a stale copy)."""

    status = 409
    code = "conflict"
    default_message = _("Действие невозможно в текущем состоянии.")


class TooManyRequests(DomainError):
    status = 429
    code = "rate_limited"
    default_message = _("Слишком много запросов. Попробуйте позже.")


class Invalid(DomainError):
    """Refused input: messages per field (``__all__`` for the whole form)."""

    status = 422
    code = "invalid"
    default_message = _("Проверьте введённые данные.")

    def __init__(
        self,
        field_errors: Mapping[str, Sequence[Any]] | str | None = None,
        message: Any = None,
    ) -> None:
        if isinstance(field_errors, str) or (
            field_errors is not None and not isinstance(field_errors, Mapping)
        ):
            field_errors = {NON_FIELD: [field_errors]}
        self.field_errors: dict[str, list[str]] = {
            field: [str(text) for text in texts] for field, texts in (field_errors or {}).items()
        }
        if message is None and list(self.field_errors) == [NON_FIELD]:
            message = " ".join(self.field_errors[NON_FIELD])
        super().__init__(message)

    @classmethod
    def from_validation_error(cls, error: ValidationError) -> "Invalid":
        if hasattr(error, "error_dict"):
            return cls(error.message_dict)
        return cls({NON_FIELD: error.messages})

    def messages(self) -> list[str]:
        return [text for texts in self.field_errors.values() for text in texts]

    def detail(self) -> Any:
        return _field_items(self)


def add_to_form(form: Any, error: "DomainError | ValidationError") -> None:
    """Put a refusal next to the fields of a Django form: ``Invalid`` and ``ValidationError``
    field by field, any other domain error (a conflict with the current state) as a
    whole-form error."""
    if isinstance(error, ValidationError):
        error = Invalid.from_validation_error(error)
    if not isinstance(error, Invalid):
        form.add_error(None, error.message)
        return
    for field, texts in error.field_errors.items():
        target = field if field in getattr(form, "fields", {}) else None
        for text in texts:
            form.add_error(target, text)


def refusal_text(error: "DomainError | ValidationError") -> str:
    """The refusal as one line for a page's message."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    if isinstance(error, Invalid):
        return " ".join(error.messages())
    return error.message


def api_body(error: DomainError) -> dict[str, Any]:
    """The API's answer for a domain error: ``{"detail": ...}`` and the error's extra fields."""
    return {"detail": api_detail(error), **error.extra()}


def api_detail(error: DomainError) -> Any:
    """The API's ``detail`` for a domain error: field items for ``Invalid``, else the message."""
    return error.detail()


def _field_items(error: "Invalid") -> str | list[dict[str, Any]]:
    return [
        {
            "loc": ["body"] if field == NON_FIELD else ["body", field],
            "field": None if field == NON_FIELD else field,
            "msg": text,
            "type": "value_error",
        }
        for field, texts in error.field_errors.items()
        for text in texts
    ] or error.message


class DomainErrorMiddleware:
    """Pages: a domain error that reached the top becomes the error page with its message
    and status (the API answers through its own handler before this)."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response: HttpResponse = self.get_response(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError):
            return None
        template = "404.html" if exception.status == 404 else "403.html"
        if exception.status not in (403, 404):
            template = "domain_error.html"
        message = (
            " ".join(exception.messages()) if isinstance(exception, Invalid) else exception.message
        )
        if message == str(exception.default_message):
            message = ""  # the page's own wording says it better than the generic line
        context = {"message": message, "status": exception.status}
        return render(request, template, context, status=exception.status)


class MethodNotAllowedMiddleware:
    """A request with a method the address does not take (a GET of a form's POST-only
    address, a DELETE on a list) gets a reason in the interface language — the API's error
    shape under ``/api/``, a page elsewhere — instead of an empty or English body. The
    ``Allow`` header is kept."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response: HttpResponse = self.get_response(request)
        if response.status_code != 405 or response.get("Content-Type", "").startswith(
            "application/json"
        ):
            return response
        allowed = response.get("Allow", "")
        message = str(_("Этот адрес не принимает запрос %(method)s; допустимо: %(allowed)s.")) % {
            "method": request.method,
            "allowed": allowed or "—",
        }
        if is_api(request):
            replaced: HttpResponse = json_error(message, 405)
        else:
            context = {"message": message, "status": 405}
            replaced = render(request, "domain_error.html", context, status=405)
        if allowed:
            replaced["Allow"] = allowed
        return replaced
