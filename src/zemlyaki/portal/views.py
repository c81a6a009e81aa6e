"""The public site's pages: map, regions, associations, calendar, search."""

import datetime
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zemlyaki.core.cache import cached
from zemlyaki.core.errors import Invalid, add_to_form
from zemlyaki.core.models import Region
from zemlyaki.core.views_utils import require_perm
from zemlyaki.events import selectors as events_selectors
from zemlyaki.registry import selectors as registry_selectors
from zemlyaki.registry.models import Association
from zemlyaki.strategy import selectors as strategy_selectors

from . import selectors, services, structured, tiles
from .forms import CalendarForm, EventPlaceForm, PublicationForm, SearchForm

MEASURE_LABELS = {
    "associations": gettext_lazy("землячества"),
    "members": gettext_lazy("члены землячеств, согласившиеся на учёт"),
    "events": gettext_lazy("мероприятия"),
}


def home_context(request: Any) -> dict[str, Any]:
    """The portal's block of the home page (``core.registries.home_items``)."""

    def build() -> dict[str, Any]:
        return {
            "figures": selectors.home_figures(),
            "next_events": selectors.upcoming_events(5),
            "news": selectors.latest_news(5),
        }

    return cached("portal:home", selectors.site_version(), [], build)


def site_map(request: HttpRequest) -> HttpResponse:
    measure = request.GET.get("by", "associations")
    if measure not in selectors.MEASURES:
        measure = "associations"

    def build() -> str:
        found = selectors.map_tiles(measure)
        placed = sorted(found, key=lambda t: (t.row, t.col))
        by_name = sorted(found, key=lambda t: t.name)
        return render_to_string(
            "portal/partials/_map.html",
            {
                "tiles": placed,
                "table": by_name,
                "rows": tiles.ROWS,
                "columns": tiles.COLUMNS,
                "measure": measure,
                "measure_label": str(MEASURE_LABELS[measure]),
                "measures": [(key, str(label)) for key, label in MEASURE_LABELS.items()],
            },
        )

    body = cached("portal:map", selectors.site_version(), [measure], build)
    return render(request, "portal/map.html", {"map_html": body, "measure": measure})


def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        context = selectors.region_page(code)
    except Region.DoesNotExist:
        raise Http404 from None
    context["structured_data"] = structured.events(context["events"])
    return render(request, "portal/region_detail.html", context)


def association_public(request: HttpRequest, slug: str) -> HttpResponse:
    association = get_object_or_404(Association, slug=slug)
    context = selectors.association_page(association)
    context["structured_data"] = [
        structured.organisation(association, context["publication"]),
        *structured.events(context["events"]),
    ]
    return render(request, "portal/association_public.html", context)


def publication_edit(request: HttpRequest, slug: str) -> HttpResponse:
    association = get_object_or_404(Association, slug=slug)
    require_perm(request, "portal.change_publication", association)
    publication = selectors.publication_of(association)
    form = PublicationForm(request.POST or None, instance=publication)
    if request.method == "POST" and form.is_valid():
        try:
            services.publication_save(
                actor=request.user, association=association, **form.cleaned_data
            )
        except Invalid as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Настройки публикации сохранены."))
            return redirect("portal:association", slug=association.slug)
    return render(
        request, "portal/publication_form.html", {"form": form, "association": association}
    )


def month_calendar(request: HttpRequest) -> HttpResponse:
    form = CalendarForm(request.GET or None)
    today = timezone.localdate()
    month = today.replace(day=1)
    if form.is_valid() and form.cleaned_data.get("month"):
        chosen: datetime.date = form.cleaned_data["month"]
        if 1900 <= chosen.year <= 2100:
            month = chosen.replace(day=1)
    context = selectors.month_events(month.year, month.month)
    context["upcoming"] = selectors.upcoming_events(20)
    context["today"] = today
    context["can_place"] = request.user.has_perm("portal.place_event")
    context["structured_data"] = structured.events(context["events"])
    return render(request, "portal/calendar.html", context)


def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    q = form.cleaned_data["q"].strip() if form.is_valid() else ""
    results: dict[str, Any] = {}
    if q:
        results = {
            "associations": list(registry_selectors.association_list(q=q)[:20]),
            "news": list(selectors.news_list(q=q)[:20]),
            "events": list(events_selectors.event_list(q=q, public_only=True)[:20]),
            "practices": list(selectors.practice_list(user=None, q=q)[:20]),
        }
    return render(request, "portal/search.html", {"form": form, "q": q, "results": results})


def documents(request: HttpRequest) -> HttpResponse:
    """The approved strategy, work standard and site concept, each with its sections and
    its DOCX and PDF (from the strategy app)."""
    rows = []
    for document in strategy_selectors.public_documents():
        version = strategy_selectors.approved_version(document)
        sections = (version.content or {}).get("sections", []) if version else []
        rows.append({"document": document, "version": version, "sections": sections})
    return render(request, "portal/documents.html", {"rows": rows})


def event_place(request: HttpRequest, pk: int) -> HttpResponse:
    from zemlyaki.events.models import Event

    from .models import EventPlace

    event = get_object_or_404(Event, pk=pk, is_public=True)
    require_perm(request, "portal.place_event", event)
    place = EventPlace.objects.filter(event=event).first()
    initial = {"association": place.association, "regions": place.regions.all()} if place else {}
    form = EventPlaceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.event_place_save(actor=request.user, event=event, **form.cleaned_data)
        messages.success(request, _("Место мероприятия на сайте сохранено."))
        return redirect("portal:calendar")
    return render(request, "portal/event_place.html", {"form": form, "event": event})
