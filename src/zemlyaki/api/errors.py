"""Error answers of the API, all in one shape (``api.schemas.ErrorOut``) and in the
interface language: 422 with the field name and a message per field, other refusals
``{"detail": "message"}``."""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from zemlyaki.core.errors import DomainError, api_body

_MESSAGES = {
    "missing": gettext_lazy("Обязательное поле."),
    "string_type": gettext_lazy("Нужна строка."),
    "string_too_long": gettext_lazy("Слишком длинное значение: символов не более %(max_length)s."),
    "string_too_short": gettext_lazy(
        "Слишком короткое значение: символов не менее %(min_length)s."
    ),
    "too_short": gettext_lazy("Слишком мало элементов: нужно не менее %(min_length)s."),
    "too_long": gettext_lazy("Слишком много элементов: допустимо не более %(max_length)s."),
    "int_parsing": gettext_lazy("Нужно целое число."),
    "int_type": gettext_lazy("Нужно целое число."),
    "int_from_float": gettext_lazy("Нужно целое число."),
    "float_parsing": gettext_lazy("Нужно число."),
    "float_type": gettext_lazy("Нужно число."),
    "bool_parsing": gettext_lazy("Нужно значение да/нет."),
    "bool_type": gettext_lazy("Нужно значение да/нет."),
    "list_type": gettext_lazy("Нужен список."),
    "dict_type": gettext_lazy("Нужен объект."),
    "model_attributes_type": gettext_lazy("Нужен объект."),
    "greater_than_equal": gettext_lazy("Значение должно быть не меньше %(ge)s."),
    "less_than_equal": gettext_lazy("Значение должно быть не больше %(le)s."),
    "greater_than": gettext_lazy("Значение должно быть больше %(gt)s."),
    "less_than": gettext_lazy("Значение должно быть меньше %(lt)s."),
    "literal_error": gettext_lazy("Недопустимое значение; допустимы: %(expected)s."),
    "enum": gettext_lazy("Недопустимое значение; допустимы: %(expected)s."),
    "date_type": gettext_lazy("Неверная дата."),
    "date_from_datetime_parsing": gettext_lazy("Неверная дата."),
    "date_from_datetime_inexact": gettext_lazy("Нужна дата без времени."),
    "date_parsing": gettext_lazy("Неверная дата."),
    "datetime_type": gettext_lazy("Неверные дата и время."),
    "datetime_parsing": gettext_lazy("Неверные дата и время."),
    "datetime_from_date_parsing": gettext_lazy("Неверные дата и время."),
    "timezone_aware": gettext_lazy("Укажите часовой пояс."),
    "date_range": gettext_lazy("Дата должна быть между %(min_year)s и %(max_year)s годами."),
    "string_nul": gettext_lazy("Недопустимый символ NUL (\\u0000) в значении."),
    "value_error": gettext_lazy("Недопустимое значение."),
    "json_invalid": gettext_lazy("Тело запроса — не корректный JSON."),
    "extra_forbidden": gettext_lazy("Неизвестное поле."),
    "url_parsing": gettext_lazy("Неверный адрес."),
    "uuid_parsing": gettext_lazy("Неверный идентификатор."),
}

# Messages ninja and Django write in English, answered in the interface language instead.
_HTTP_MESSAGES = {
    "Cannot parse request body": gettext_lazy(
        "Не удалось разобрать тело запроса: нужен корректный JSON."
    ),
    "Unauthorized": gettext_lazy(
        "Нужен действующий токен: заголовок «Authorization: Bearer <токен>»."
    ),
    "Forbidden": gettext_lazy("Недостаточно прав для этого действия."),
    "Too many requests.": gettext_lazy("Слишком много запросов. Попробуйте позже."),
    "Not Found": gettext_lazy("Не найдено."),
}


def russian_message(error: dict[str, Any]) -> str:
    """The message of a pydantic error in the interface language (Russian by default)."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "value_error" and ctx.get("error"):
        return str(ctx["error"])  # a validator's own message, written in Russian
    template = _MESSAGES.get(kind, _MESSAGES["value_error"])
    context = {k: _plain(v) for k, v in ctx.items()}
    try:
        return str(template) % context
    except (KeyError, TypeError, ValueError):
        return str(template).split(":")[0].rstrip(".") + "."


def _plain(value: Any) -> Any:
    return value if isinstance(value, int | float | str) else str(value)


def field_error(loc: list[Any], field: str | None, msg: str, type_: str) -> dict[str, Any]:
    return {"loc": loc, "field": field, "msg": msg, "type": type_}


def validation_detail(loc_prefix: list[str], error: DjangoValidationError) -> list[dict[str, Any]]:
    detail: list[dict[str, Any]] = []
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            loc = [*loc_prefix, field] if field != "__all__" else loc_prefix
            for message in messages:
                detail.append(field_error(loc, field, message, "value_error"))
    else:
        for message in error.messages:
            detail.append(field_error(loc_prefix, None, message, "value_error"))
    return detail


def ninja_detail(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    detail = []
    for error in errors:
        loc = [p if isinstance(p, int) else str(p) for p in error.get("loc", [])]
        # ninja prefixes body errors with the parameter name: body, payload, field...
        field_path = [str(p) for p in loc[1:] if p not in {"payload", "data"}]
        detail.append(
            field_error(
                loc,
                ".".join(field_path) or None,
                russian_message(error),
                error.get("type", "value_error"),
            )
        )
    return detail


def http_message(message: str) -> str:
    known = _HTTP_MESSAGES.get(message)
    return str(known) if known is not None else message


def install(api: NinjaAPI) -> None:
    @api.exception_handler(NinjaValidationError)
    def ninja_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return api.create_response(request, {"detail": ninja_detail(exc.errors)}, status=422)

    @api.exception_handler(DjangoValidationError)
    def django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return api.create_response(
            request, {"detail": validation_detail(["body"], exc)}, status=422
        )

    @api.exception_handler(AuthenticationError)
    def unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = api.create_response(
            request, {"detail": http_message("Unauthorized")}, status=401
        )
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return api.create_response(
            request, {"detail": http_message(str(exc))}, status=exc.status_code
        )

    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return api.create_response(request, api_body(exc), status=exc.status)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, {"detail": http_message("Not Found")}, status=404)
