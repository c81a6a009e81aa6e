"""The OpenAPI document also lists the refusals an operation may answer, with their shape.

Added to every operation's declared answers (a code an operation declares itself keeps its
own schema):

- 400 — the operation reads a JSON body (one that is not JSON cannot be read);
- 401 — the operation reads a token (a wrong token is refused even where none is needed);
- 403 — the operation needs a token, so the token's user may lack the right;
- 404 — the path names a record;
- 422 — the operation takes parameters or a body;
- 409, 429 — where the operation declares them.
"""

import typing
from typing import Any

from django.utils.translation import gettext_lazy as _
from ninja.constants import NOT_SET
from ninja.openapi.schema import REF_TEMPLATE, OpenAPISchema
from ninja.operation import Operation
from ninja.schema import NinjaGenerateJsonSchema

from zemlyaki.accounts.api_auth import OptionalTokenAuth
from zemlyaki.core.api_schemas import ErrorOut

DESCRIPTIONS = {
    400: _("Тело запроса не удалось разобрать: нужен корректный JSON."),
    401: _("Нет токена или токен недействителен."),
    403: _("Недостаточно прав."),
    404: _("Запись не найдена или скрыта."),
    409: _("Действие невозможно в текущем состоянии записи."),
    422: _("Неверные параметры или тело запроса: ошибки по полям."),
    429: _("Слишком много запросов с этого адреса."),
}
WRITE_METHODS = {"POST", "PUT", "PATCH"}


def error_codes(operation: Operation) -> set[int]:
    """The refusals an operation may answer beside those it declares."""
    codes: set[int] = set()
    callbacks = operation.auth_callbacks or []
    if callbacks:
        codes.add(401)
        if any(not isinstance(cb, OptionalTokenAuth) for cb in callbacks):
            codes.add(403)
    sources = {model.__ninja_param_source__ for model in operation.models}
    if "body" in sources:
        codes.add(400)
    if "path" in sources:
        codes.add(404)
    if sources or WRITE_METHODS & set(operation.methods):
        codes.add(422)
    return codes


def _untyped(operation: Operation, code: int) -> bool:
    """Declared without a schema of its own (``None``, ``dict[str, Any]``): ErrorOut is shown."""
    model = operation.response_models.get(code)
    if model is None or model is NOT_SET:
        return True
    annotation = model.model_fields["response"].annotation
    return annotation is dict or typing.get_origin(annotation) is dict


class ErrorsSchema(OpenAPISchema):
    def responses(self, operation: Operation) -> dict[int, Any]:
        result = super().responses(operation)
        error = self._error_ref()
        media = self.api.renderer.media_type
        for code in sorted(error_codes(operation) | set(operation.response_models)):
            if code not in DESCRIPTIONS:
                continue
            content = {media: {"schema": error}}
            if not _untyped(operation, code):
                content = result.get(code, {}).get("content") or content
            result[code] = {"description": str(DESCRIPTIONS[code]), "content": content}
        return dict(sorted(result.items()))

    def _error_ref(self) -> dict[str, str]:
        name = ErrorOut.__name__
        if name not in self.schemas:
            schema = ErrorOut.model_json_schema(
                ref_template=REF_TEMPLATE, schema_generator=NinjaGenerateJsonSchema
            )
            self.add_schema_definitions(schema.pop("$defs", {}))
            self.add_schema_definitions({name: schema})
        return {"$ref": REF_TEMPLATE.format(model=name)}
