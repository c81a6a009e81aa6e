from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path
from django.views.static import serve

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

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
elif getattr(settings, "ZEMLYAKI_SERVE_MEDIA", False):
    # Local runs serve public uploads (logos) themselves; production leaves it to the web server.
    urlpatterns.append(
        re_path(r"^media/(?P<path>logos/.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    )

handler400 = "zemlyaki.core.error_views.bad_request"
handler403 = "zemlyaki.core.error_views.permission_denied"
handler404 = "zemlyaki.core.error_views.page_not_found"
handler500 = "zemlyaki.core.error_views.server_error"
