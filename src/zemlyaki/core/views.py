from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from zemlyaki.core.registries import home_items_for


def home(request: HttpRequest) -> HttpResponse:
    """The home page: the blocks the apps registered for the visitor's role."""
    items = [
        render_to_string(item.template, item.context(request), request=request)
        for item in home_items_for(request.user)
    ]
    return render(request, "core/home.html", {"home_items": items})


def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
