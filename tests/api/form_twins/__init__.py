"""Pages that take a form (POST) and their twins in the API.

Every page URL of the site (its urlconf, without ``/api/`` and ``/admin/``) whose view
handles POST belongs to the app of its URL namespace (a URL without a namespace, such as
Django's ``set_language``, to ``core``). Each such app has a table module here,
``tests/api/form_twins/<app>.py``, with two dictionaries keyed by the URL's name (with or
without the ``<app>:`` prefix):

    TWINS: dict[str, str | tuple[str, ...]]  # "document_create": "POST /api/v1/documents"
    EXEMPT: dict[str, str]                   # "section_preview": "why it has no twin"

An operation is written as in the OpenAPI document, ``METHOD /api/v1/path/{param}``. A page
that offers several actions in one form (its buttons send different ``action`` values)
names all their operations in a tuple.

How a view is known to handle POST (``handles_post``):

- a class-based view (``as_view()``): its class has a ``post`` method (Django's form,
  login and logout views have one; ``TemplateView`` and ``Feed`` have none);
- a function view: the source of the function under its decorators
  (``inspect.unwrap``, whose source starts at the first decorator line) names ``POST`` as a
  word — ``@require_POST``, ``require_http_methods(["POST"])``, ``request.method ==
  "POST"`` or ``request.POST``. A view that reads a form only through a helper still says
  ``request.POST`` itself, as every view of the site does;
- any other callable (a feed object): the source of its class, by the same rule.
"""

import importlib
import inspect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

SKIPPED_PREFIXES = ("api/", "admin/")
POST_WORD = re.compile(r"(?<![A-Za-z0-9])POST(?![A-Za-z0-9])")  # require_POST too


@dataclass(frozen=True)
class Page:
    app: str
    name: str
    route: str
    callback: Callable[..., Any]

    @property
    def view(self) -> str:
        """The view's module and name, for messages."""
        return _describe(self.callback)

    @property
    def key(self) -> str:
        return f"{self.app}:{self.name}"


def _walk(
    patterns: list[Any], prefix: str = "", namespace: str | None = None
) -> Iterator[tuple[str, str | None, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            yield prefix + str(pattern.pattern), namespace, pattern


def handles_post(callback: Callable[..., Any]) -> bool:
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return callable(getattr(view_class, "post", None))
    function = inspect.unwrap(callback)
    target: Any = function if inspect.isfunction(function) else type(function)
    return bool(POST_WORD.search(inspect.getsource(target)))


def _describe(callback: Callable[..., Any]) -> str:
    target = getattr(callback, "view_class", None) or inspect.unwrap(callback)
    if not (inspect.isfunction(target) or inspect.isclass(target)):
        target = type(target)
    return f"{target.__module__}.{target.__qualname__}"


def site_pages() -> list[Page]:
    """Every named page URL of the site with its app (namespace or ``core``)."""
    pages = []
    for route, namespace, pattern in _walk(get_resolver().url_patterns):
        if route.startswith(SKIPPED_PREFIXES) or not pattern.name:
            continue
        pages.append(Page(namespace or "core", pattern.name, route, pattern.callback))
    return pages


def post_pages() -> list[Page]:
    return [page for page in site_pages() if handles_post(page.callback)]


def api_operations() -> set[str]:
    """Every operation of the OpenAPI document as ``METHOD /api/v1/path``."""
    from zemlyaki.api.api import api

    schema = api.get_openapi_schema()
    return {
        f"{method.upper()} {path}"
        for path, methods in schema["paths"].items()
        for method in methods
    }


@dataclass
class Table:
    app: str
    twins: dict[str, tuple[str, ...]]
    exempt: dict[str, str]


def _local(app: str, name: str) -> str:
    return name.removeprefix(f"{app}:")


def table(app: str) -> Table | None:
    """The table of an app, or None when it has no module here."""
    try:
        module = importlib.import_module(f"{__name__}.{app}")
    except ModuleNotFoundError as error:
        if error.name != f"{__name__}.{app}":
            raise
        return None
    twins = {
        _local(app, name): (ops,) if isinstance(ops, str) else tuple(ops)
        for name, ops in module.TWINS.items()
    }
    exempt = {_local(app, name): reason for name, reason in module.EXEMPT.items()}
    return Table(app, twins, exempt)
