"""Requests to the API whose values hold a NUL character are refused in one place.

PostgreSQL cannot store NUL (``\\u0000``) in text, so such a value, anywhere — the path,
the query string, a JSON body at any depth, a form field — would fail deep inside as a
server error. The HTML forms refuse it field by field; the API answers 422 naming the field.
"""

import json
from collections.abc import Callable, Iterator
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse

from .errors import field_error, russian_message

API_PREFIX = "/api/"
NUL = "\x00"


def _walk(value: Any, path: list[str | int]) -> Iterator[list[str | int]]:
    """Paths (keys and indexes) of the strings holding NUL in a decoded JSON value."""
    if isinstance(value, str):
        if NUL in value:
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            if NUL in key:
                yield [*path, key.replace(NUL, "")]
            else:
                yield from _walk(item, [*path, key])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, [*path, index])


def _pairs(source: str, data: Any) -> Iterator[list[str | int]]:
    for key, values in data.lists():
        if NUL in key or any(isinstance(v, str) and NUL in v for v in values):
            yield [source, key.replace(NUL, "")]


def nul_locations(request: HttpRequest) -> list[list[str | int]]:
    found: list[list[str | int]] = []
    if NUL in request.path_info:
        found.append(["path"])
    found.extend(_pairs("query", request.GET))
    content_type = request.content_type or ""
    if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        found.extend(_pairs("form", request.POST))
    elif request.body and b"\\u0000" in request.body:
        try:
            data = json.loads(request.body)
        except ValueError:
            return found  # not JSON: the API refuses it as such
        found.extend(["body", *path] for path in _walk(data, []))
    return found


class RefuseNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(API_PREFIX):
            locations = nul_locations(request)
            if locations:
                message = russian_message({"type": "string_nul"})
                detail = [
                    field_error(
                        loc, ".".join(str(p) for p in loc[1:]) or None, message, "string_nul"
                    )
                    for loc in locations
                ]
                return JsonResponse(
                    {"detail": detail}, status=422, json_dumps_params={"ensure_ascii": False}
                )
        return self.get_response(request)
