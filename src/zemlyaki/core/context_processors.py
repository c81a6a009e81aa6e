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
    groups: dict[str, list[dict[str, str]]] = {"main": [], "more": [], "user": []}
    user = getattr(request, "user", None)
    for config in apps.get_app_configs():
        for item in getattr(config, "nav_items", ()):
            url_name, title, perm = item[:3]
            group = item[3] if len(item) > 3 else "main"
            if perm and not (user and user.has_perm(perm)):
                continue
            try:
                groups[group].append({"url": reverse(url_name), "title": title})
            except NoReverseMatch:
                continue
    return {
        "SITE_NAME": settings.ZEMLYAKI_SITE_NAME,
        "NAV_ITEMS": groups["main"],
        "NAV_MORE": groups["more"],
        "NAV_USER": groups["user"],
    }
