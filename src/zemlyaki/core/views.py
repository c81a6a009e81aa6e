from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from zemlyaki.core.registries import home_items_for


def home(request: HttpRequest) -> HttpResponse:
    """The home page: the figures and blocks the apps registered for the visitor's role
    (what a person has to do, each with the link where it is done)."""
    figures: list[str] = []
    blocks: list[str] = []
    for item in home_items_for(request.user):
        html = mark_safe(  # noqa: S308 - a rendered template, escaped by the template engine
            render_to_string(item.template, item.context(request), request=request).strip()
        )
        if html:
            (figures if item.kind == "figure" else blocks).append(html)
    return render(request, "core/home.html", {"home_figures": figures, "home_items": blocks})


def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
