"""Caching of rendered public lists, keyed by a version the database itself answers.

A version read from the data (row count and last change) is right in every worker at
once, unlike a counter bumped in one process's memory; one cheap aggregate query then
stands in for the list's queries and its rendering.
"""

import hashlib
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache import cache
from django.utils.translation import get_language

T = TypeVar("T")

TIMEOUT = 300


def cache_key(prefix: str, version: str, parts: Iterable[Any]) -> str:
    digest = hashlib.sha1(repr(tuple(parts)).encode()).hexdigest()
    return f"{prefix}:{get_language()}:{version}:{digest}"


def cached(prefix: str, version: str, parts: Iterable[Any], build: Callable[[], T]) -> T:
    key = cache_key(prefix, version, parts)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT)
    return value
