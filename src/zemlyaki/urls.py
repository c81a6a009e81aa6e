from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from zemlyaki.api.api import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("zemlyaki.core.urls")),
    path("", include("zemlyaki.registry.urls")),
    path("accounts/", include("zemlyaki.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]

for app in settings.ZEMLYAKI_APPS:
    if app in {"zemlyaki.core", "zemlyaki.registry", "zemlyaki.accounts", "zemlyaki.api"}:
        continue
    try:
        __import__(f"{app}.urls")
    except ModuleNotFoundError as exc:
        if exc.name != f"{app}.urls":
            raise
        continue
    urlpatterns.append(path("", include(f"{app}.urls")))

# Uploads are served by core.protected_files (core.urls) in every mode, after the check
# of the reader's right: `make run` behaves as production.
