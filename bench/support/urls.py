"""The project's URLs plus a bare view: the framework's ceiling for one-row reads."""

from django.http import HttpRequest, JsonResponse
from django.urls import path

from zemlyaki.registry.models import Association
from zemlyaki.urls import urlpatterns as project_urlpatterns


def ceiling(request: HttpRequest) -> JsonResponse:
    row = Association.objects.values("slug", "name").order_by("pk").first()
    return JsonResponse(row or {})


urlpatterns = [path("bench/ceiling/", ceiling), *project_urlpatterns]
