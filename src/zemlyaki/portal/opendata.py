"""Open data: machine-readable sets of the public site in CSV and JSON, with their licence
and the date of their last change. Only what the public pages show."""

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from zemlyaki.core.urls_public import absolute_url
from zemlyaki.events.models import Event
from zemlyaki.registry.models import Association

from . import selectors
from .models import Practice, Publication

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.ru"


def association_rows() -> list[dict[str, Any]]:
    shown = {
        p.association_id: p.show_contacts
        for p in Publication.objects.only("association_id", "show_contacts")
    }
    rows = []
    qs = Association.objects.prefetch_related("regions").order_by("name", "pk")
    for a in qs:
        contacts = shown.get(a.pk, True)
        rows.append(
            {
                "slug": a.slug,
                "name": a.name,
                "short_name": a.short_name,
                "regions": " ".join(sorted(r.code for r in a.regions.all())),
                "status": a.status,
                "founded_year": a.founded_year or "",
                "ogrn": a.ogrn,
                "inn": a.inn,
                "email": a.email if contacts else "",
                "phone": a.phone if contacts else "",
                "url": absolute_url(f"/zemlyachestva/{a.slug}/"),
            }
        )
    return rows


def event_rows() -> list[dict[str, Any]]:
    return [
        {
            "id": e.pk,
            "title": e.title,
            "kind": e.kind,
            "starts_at": e.starts_at.isoformat(),
            "ends_at": e.ends_at.isoformat() if e.ends_at else "",
            "place": e.place,
            "status": e.status,
            "url": absolute_url(e.get_absolute_url()),
        }
        for e in selectors.public_events().order_by("starts_at", "pk")[:50000]
    ]


def practice_rows() -> list[dict[str, Any]]:
    return [
        {
            "id": p.pk,
            "title": p.title,
            "description": p.description,
            "association": str(p.association or ""),
            "year": p.year or "",
            "direction": p.direction.code if p.direction else "",
        }
        for p in selectors.practice_list(user=None)
    ]


@dataclass(frozen=True)
class DataSet:
    key: str
    title: Any
    rows: Callable[[], list[dict[str, Any]]]
    updated: Callable[[], Any]


SETS = [
    DataSet("associations", _("Реестр землячеств"), association_rows,
            lambda: Association.objects.aggregate(m=Max("updated_at"))["m"]),
    DataSet("events", _("Открытые мероприятия"), event_rows,
            lambda: Event.objects.filter(is_public=True).aggregate(m=Max("updated_at"))["m"]),
    DataSet("practices", _("Библиотека практик"), practice_rows,
            lambda: Practice.objects.filter(is_published=True).aggregate(m=Max("updated_at"))["m"]),
]  # fmt: skip
BY_KEY = {s.key: s for s in SETS}


def index(request: HttpRequest) -> HttpResponse:
    sets = [{"set": s, "updated": s.updated()} for s in SETS]
    context = {"sets": sets, "licence": LICENCE, "licence_url": LICENCE_URL}
    return render(request, "portal/open_data.html", context)


def download(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    found = BY_KEY.get(key)
    if found is None or fmt not in ("csv", "json"):
        raise Http404
    rows = found.rows()
    if fmt == "json":
        body = json.dumps(
            {"licence": LICENCE, "licence_url": LICENCE_URL, "items": rows},
            ensure_ascii=False,
            default=str,
        ).encode()
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    else:
        out = io.StringIO()
        fields = list(rows[0]) if rows else []
        writer = csv.DictWriter(out, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
        response = HttpResponse(
            out.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{key}.{fmt}"'
    return response
