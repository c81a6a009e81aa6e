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
    # Each app's pages at the site root (a new app adds its line here).
    path("", include("zemlyaki.people.urls")),
    path("", include("zemlyaki.surveys.urls")),
    path("", include("zemlyaki.reports.urls")),
    path("", include("zemlyaki.governance.urls")),
    path("", include("zemlyaki.plan.urls")),
    path("", include("zemlyaki.events.urls")),
    path("", include("zemlyaki.programs.urls")),
    path("", include("zemlyaki.strategy.urls")),
    path("", include("zemlyaki.standard.urls")),
    path("", include("zemlyaki.indicators.urls")),
    path("", include("zemlyaki.portal.urls")),
    path("", include("zemlyaki.workspace.urls")),
]

# Uploads are served by core.protected_files (core.urls) in every mode, after the check
# of the reader's right: `make run` behaves as production.

handler400 = "zemlyaki.core.error_views.bad_request"
handler403 = "zemlyaki.core.error_views.permission_denied"
handler404 = "zemlyaki.core.error_views.page_not_found"
handler500 = "zemlyaki.core.error_views.server_error"
