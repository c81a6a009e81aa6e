"""Error answers of the API: 422 with the field name and a Russian message."""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError

_MESSAGES = {
    "missing": "Обязательное поле.",
    "string_type": "Нужна строка.",
    "string_too_long": "Слишком длинное значение: не более {max_length} символов.",
    "string_too_short": "Слишком короткое значение: не менее {min_length} символов.",
    "int_parsing": "Нужно целое число.",
    "int_type": "Нужно целое число.",
    "float_parsing": "Нужно число.",
    "bool_parsing": "Нужно значение да/нет.",
    "list_type": "Нужен список.",
    "dict_type": "Нужен объект.",
    "greater_than_equal": "Значение должно быть не меньше {ge}.",
    "less_than_equal": "Значение должно быть не больше {le}.",
    "greater_than": "Значение должно быть больше {gt}.",
    "less_than": "Значение должно быть меньше {lt}.",
    "literal_error": "Недопустимое значение; допустимы: {expected}.",
    "enum": "Недопустимое значение; допустимы: {expected}.",
    "date_from_datetime_parsing": "Неверная дата.",
    "date_parsing": "Неверная дата.",
    "datetime_parsing": "Неверные дата и время.",
    "datetime_from_date_parsing": "Неверные дата и время.",
    "timezone_aware": "Укажите часовой пояс.",
    "value_error": "Недопустимое значение.",
    "json_invalid": "Тело запроса — не корректный JSON.",
    "extra_forbidden": "Неизвестное поле.",
    "url_parsing": "Неверный адрес.",
    "uuid_parsing": "Неверный идентификатор.",
}


def russian_message(error: dict[str, Any]) -> str:
    template = _MESSAGES.get(error.get("type", ""))
    if template is None:
        return str(error.get("msg", "Недопустимое значение."))
    try:
        return template.format(**(error.get("ctx") or {}))
    except (KeyError, IndexError):
        return template.split(":")[0] + "."


def validation_detail(loc_prefix: list[str], error: DjangoValidationError) -> list[dict[str, Any]]:
    detail: list[dict[str, Any]] = []
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            loc = [*loc_prefix, field] if field != "__all__" else loc_prefix
            for message in messages:
                detail.append({"loc": loc, "field": field, "msg": message, "type": "value_error"})
    else:
        for message in error.messages:
            detail.append({"loc": loc_prefix, "field": None, "msg": message, "type": "value_error"})
    return detail


def install(api: NinjaAPI) -> None:
    @api.exception_handler(NinjaValidationError)
    def ninja_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        detail = []
        for error in exc.errors:
            loc = [str(p) for p in error.get("loc", [])]
            # ninja prefixes body errors with the parameter name: body, payload, field...
            field_path = [p for p in loc[1:] if p not in {"payload", "data"}]
            detail.append(
                {
                    "loc": loc,
                    "field": ".".join(field_path) or None,
                    "msg": russian_message(error),
                    "type": error.get("type", "value_error"),
                }
            )
        return api.create_response(request, {"detail": detail}, status=422)

    @api.exception_handler(DjangoValidationError)
    def django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return api.create_response(
            request, {"detail": validation_detail(["body"], exc)}, status=422
        )
