"""Shared pieces of every app's API (the routers themselves are mounted by ``zemlyaki.api``)."""

from typing import Generic, TypeVar

from ninja import Schema

T = TypeVar("T")


class Page(Schema, Generic[T]):
    count: int
    items: list[T]


class ErrorOut(Schema):
    detail: str | list[dict]  # type: ignore[type-arg]


def page_slice(limit: int, offset: int) -> slice:
    limit = max(1, min(limit, 500))
    offset = max(0, offset)
    return slice(offset, offset + limit)
