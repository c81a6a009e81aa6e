import functools
from typing import Any

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse


def platform(request: HttpRequest) -> dict[str, Any]:
    """Site name and the menu.

    Each app may list ``nav_items`` on its AppConfig as ``(url_name, title, perm_or_None)``
    or ``(url_name, title, perm_or_None, group)``; an item shows when the user holds the
    perm. Groups: ``main`` (the header menu, the default), ``more`` (further sections,
    listed on the home page), ``user`` (beside the user's name).
    """
    user = getattr(request, "user", None)
    # A page with blocks rendered apart (the home page) runs the processors once for
    # each: the menu is worked out once a request, for the user it was worked out for.
    known = getattr(request, "_platform_context", None)
    if known is not None and known[0] is user:
        return known[1]
    groups: dict[str, list[dict[str, Any]]] = {"main": [], "more": [], "user": []}
    for url, title, perm, group in _menu():
        if perm and not (user and user.has_perm(perm)):
            continue
        groups[group].append({"url": url, "title": title})
    context = {
        "SITE_NAME": settings.ZEMLYAKI_SITE_NAME,
        "NAV_ITEMS": groups["main"],
        "NAV_MORE": groups["more"],
        "NAV_USER": groups["user"],
    }
    request._platform_context = (user, context)  # type: ignore[attr-defined]
    return context


@functools.cache
def _menu() -> tuple[tuple[str, Any, str | None, str], ...]:
    """Every app's menu items with their addresses, reversed once per process."""
    items = []
    for config in apps.get_app_configs():
        for item in getattr(config, "nav_items", ()):
            url_name, title, perm = item[:3]
            group = item[3] if len(item) > 3 else "main"
            try:
                items.append((reverse(url_name), title, perm, group))
            except NoReverseMatch:
                continue
    return tuple(items)
