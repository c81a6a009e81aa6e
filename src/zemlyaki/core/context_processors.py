from typing import Any

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse


def platform(request: HttpRequest) -> dict[str, Any]:
    """Site name and the menu: each app may list ``nav_items`` on its AppConfig as
    ``(url_name, title, perm_or_None)``; an item shows when the user holds the perm."""
    items = []
    user = getattr(request, "user", None)
    for config in apps.get_app_configs():
        for url_name, title, perm in getattr(config, "nav_items", ()):
            if perm and not (user and user.has_perm(perm)):
                continue
            try:
                items.append({"url": reverse(url_name), "title": title})
            except NoReverseMatch:
                continue
    return {"SITE_NAME": settings.ZEMLYAKI_SITE_NAME, "NAV_ITEMS": items}
