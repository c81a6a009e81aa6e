"""The platform's NinjaAPI: its JSON, its error answers and their OpenAPI description."""

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from . import errors
from .openapi import ErrorsSchema
from .rendering import Renderer


class ZemlyakiAPI(NinjaAPI):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("renderer", Renderer())
        super().__init__(**kwargs)
        errors.install(self)

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return ErrorsSchema(self, path_prefix)
