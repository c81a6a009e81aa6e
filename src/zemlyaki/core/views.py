from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from zemlyaki.core.models import Region
from zemlyaki.registry.models import Association, Stakeholder


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/home.html",
        {
            "association_count": Association.objects.count(),
            "region_count": Region.objects.filter(associations__isnull=False).distinct().count(),
            "stakeholder_count": Stakeholder.objects.count(),
            "demo": Association.objects.filter(is_demo=True).exists(),
        },
    )


def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
