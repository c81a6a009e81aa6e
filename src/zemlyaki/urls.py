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
    # Each app's pages at the site root (a new app adds its line here).
    path("", include("zemlyaki.people.urls")),
    path("", include("zemlyaki.surveys.urls")),
    path("", include("zemlyaki.reports.urls")),
    path("", include("zemlyaki.governance.urls")),
    path("", include("zemlyaki.plan.urls")),
    path("", include("zemlyaki.events.urls")),
    path("", include("zemlyaki.programs.urls")),
    path("", include("zemlyaki.strategy.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
elif getattr(settings, "ZEMLYAKI_SERVE_MEDIA", False):
    # Local runs serve public uploads (logos) themselves; production leaves it to the web server.
    urlpatterns.append(
        re_path(r"^media/(?P<path>logos/.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    )
