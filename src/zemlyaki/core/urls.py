from django.conf import settings
from django.urls import path

from . import protected_files, views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    # Every upload, public or not, through the check of its owning app.
    path(settings.MEDIA_URL.strip("/") + "/<path:name>", protected_files.media_file, name="media"),
]
