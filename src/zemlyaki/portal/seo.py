"""robots.txt and sitemap.xml: every public page of the site, and only those.

Addresses are built from ``ZEMLYAKI_SITE_URL`` (never from the request's host)."""

from collections.abc import Iterator
from xml.sax.saxutils import escape

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from zemlyaki.core.urls_public import absolute_url
from zemlyaki.registry.models import Association
from zemlyaki.strategy import selectors as strategy_selectors

from . import selectors
from .models import NewsItem

STATIC_PAGES = [
    "core:home",
    "portal:map",
    "portal:news_list",
    "portal:calendar",
    "portal:documents",
    "portal:open_data",
    "portal:practice_list",
    "portal:help",
    "portal:feedback",
    "registry:association_list",
]


def public_paths() -> Iterator[str]:
    for name in STATIC_PAGES:
        yield reverse(name)
    for slug in Association.objects.order_by("name", "pk").values_list("slug", flat=True):
        yield reverse("portal:association", kwargs={"slug": slug})
    for slug in (
        NewsItem.objects.public().order_by("-published_at", "pk").values_list("slug", flat=True)
    ):
        yield reverse("portal:news_detail", kwargs={"slug": slug})
    for pk in selectors.public_events().order_by("-starts_at", "pk").values_list("pk", flat=True):
        yield reverse("events:event_detail", kwargs={"pk": pk})
    for slug in strategy_selectors.public_documents().values_list("slug", flat=True):
        yield reverse("strategy:public_document", kwargs={"slug": slug})


def sitemap(request: HttpRequest) -> HttpResponse:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']  # fmt: skip
    lines += [f"<url><loc>{escape(absolute_url(path))}</loc></url>" for path in public_paths()]
    lines.append("</urlset>")
    return HttpResponse("\n".join(lines), content_type="application/xml; charset=utf-8")


def robots(request: HttpRequest) -> HttpResponse:
    text = "\n".join(
        [
            "User-agent: *",
            "Disallow: /admin/",
            "Disallow: /accounts/",
            "Disallow: /api/",
            "Disallow: /media/",
            "Disallow: /help/answer/",
            f"Sitemap: {absolute_url(reverse('portal:sitemap'))}",
            "",
        ]
    )
    return HttpResponse(text, content_type="text/plain; charset=utf-8")
