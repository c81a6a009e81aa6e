"""Reads of the public site. Figures come from the owning apps' selectors."""

import calendar
import datetime
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from zemlyaki.core.errors import NotFound
from zemlyaki.core.models import Region
from zemlyaki.core.text import search_q
from zemlyaki.events import selectors as events_selectors
from zemlyaki.events.models import Event
from zemlyaki.people import selectors as people_selectors
from zemlyaki.registry import selectors as registry_selectors
from zemlyaki.registry.models import Association
from zemlyaki.standard import selectors as standard_selectors
from zemlyaki.standard.scoring import percent
from zemlyaki.strategy import selectors as strategy_selectors

from . import tiles
from .models import EventPlace, NewsItem, Practice, Publication, Question, QuestionStatus

MEASURES = ("associations", "members", "events")


def public_events() -> QuerySet[Event]:
    return events_selectors.event_list(public_only=True)


def upcoming_events(limit: int = 5) -> list[Event]:
    return list(events_selectors.event_list(public_only=True, when="upcoming")[:limit])


def events_by_region() -> dict[str, int]:
    rows = (
        EventPlace.regions.through.objects.filter(eventplace__event__is_public=True)
        .values("region__code")
        .annotate(n=Count("eventplace", distinct=True))
    )
    return {row["region__code"]: row["n"] for row in rows}


def home_figures() -> dict[str, Any]:
    year = timezone.localdate().year
    progress = strategy_selectors.strategy_progress()
    return {
        "associations": Association.objects.filter(status="active").count(),
        "regions": len(registry_selectors.association_counts_by_region()),
        "members": people_selectors.counted_members().distinct().count(),
        "events_year": public_events().filter(starts_at__year=year).count(),
        "year": year,
        "progress": progress,
    }


def latest_news(limit: int = 5, association: Any = None) -> list[NewsItem]:
    qs = NewsItem.objects.public().select_related("association")
    if association is not None:
        qs = qs.filter(association=association)
    return list(qs.order_by("-published_at", "-pk")[:limit])


@dataclass
class Tile:
    code: str
    name: str
    iso: str
    district: str
    row: int
    col: int
    count: int
    level: int


def _level(count: int, top: int) -> int:
    """0 for none, then 1…4 by quarters of the largest count (the largest is 4)."""
    if count <= 0 or top <= 0:
        return 0
    return max(1, min(4, -(-4 * count // top)))


def map_tiles(measure: str) -> list[Tile]:
    """The 89 squares with the chosen figure (associations, members or events)."""
    if measure == "members":
        counts = people_selectors.counted_members_by_region()
    elif measure == "events":
        counts = events_by_region()
    else:
        counts = registry_selectors.association_counts_by_region()
    top = max(counts.values(), default=0)
    regions = Region.objects.select_related("federal_district").order_by("code")
    result = []
    for region in regions:
        row, col = tiles.POSITIONS.get(region.code, (tiles.ROWS, 0))
        count = counts.get(region.code, 0)
        result.append(
            Tile(
                code=region.code,
                name=region.name,
                iso=tiles.label(region.code, region.name),
                district=region.federal_district.short_name,
                row=row,
                col=col,
                count=count,
                level=_level(count, top),
            )
        )
    return result


def site_version() -> str:
    """The version of the cached public blocks (map, home figures): changes when an
    association, a news item or an event's place on the map changes. Counts drawn from
    large tables (members, events' own fields) are not in it — one aggregate over a
    million rows on every request would cost more than the page; they follow within the
    cache's lifetime (``core.cache.TIMEOUT``, five minutes)."""

    # One query for the three tables: it runs on every request of the home page and the map.
    parts = []
    for model, field in (
        (Association, "updated_at"),
        (NewsItem, "updated_at"),
        (EventPlace, "updated_at"),
    ):
        table = connection.ops.quote_name(model._meta.db_table)
        column = connection.ops.quote_name(field)
        parts.append(f"(SELECT COUNT(*) FROM {table}), (SELECT MAX({column}) FROM {table})")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    return "-".join(str(value) for value in row).replace(" ", "T")


def region_page(code: str) -> dict[str, Any]:
    region = Region.objects.select_related("federal_district").get(code=code)
    associations = list(
        Association.objects.filter(regions=region)
        .select_related("publication")
        .order_by("name", "pk")
    )
    for association in associations:
        try:
            association.pub = association.publication  # type: ignore[attr-defined]
        except Publication.DoesNotExist:
            association.pub = Publication(association=association)  # type: ignore[attr-defined]
    event_ids = EventPlace.objects.filter(regions=region).values("event_id")
    events = public_events().filter(pk__in=event_ids).order_by("-starts_at", "-pk")[:20]
    news = (
        NewsItem.objects.public()
        .filter(Q(regions=region) | Q(association__regions=region))
        .distinct()
        .order_by("-published_at", "-pk")[:10]
    )
    return {"region": region, "associations": associations, "events": events, "news": news}


def publication_of(association: Association) -> Publication:
    """The association's publishing choices (defaults when it has not chosen yet)."""
    found = Publication.objects.filter(association=association).first()
    return found or Publication(association=association)


def association_page(association: Association) -> dict[str, Any]:
    publication = publication_of(association)
    event_ids = EventPlace.objects.filter(association=association).values("event_id")
    events = public_events().filter(pk__in=event_ids).order_by("-starts_at", "-pk")[:20]
    context: dict[str, Any] = {
        "association": association,
        "publication": publication,
        "regions": list(association.regions.select_related("federal_district")),
        "news": latest_news(10, association),
        "events": events,
    }
    if publication.show_member_count:
        context["member_count"] = people_selectors.counted_members_of(association)
    if publication.show_standard_score:
        rows = standard_selectors.history(association)
        if rows:
            last = rows[-1]
            context["standard"] = {
                "year": last["year"],
                "percent": percent(last["overall"]),
            }
    return context


def news_list(*, user: Any = None, q: str = "", direction: str = "", region: str = "") -> Any:
    qs = NewsItem.objects.public() if user is None else NewsItem.objects.visible_to(user)
    qs = qs.select_related("association")
    if q.strip():
        qs = qs.filter(search_q(q))
    if direction:
        qs = qs.filter(directions__code=direction)
    if region:
        qs = qs.filter(regions__code=region)
    if direction or region:
        qs = qs.distinct()
    return qs.order_by("-published_at", "-pk")


def news_get(user: Any, slug: str) -> NewsItem:
    """The news item if the user may read it (404 otherwise, drafts never hinted at)."""
    try:
        return (
            NewsItem.objects.visible_to(user)
            .prefetch_related(
                "directions", Prefetch("regions", queryset=Region.objects.order_by("name"))
            )
            .select_related("association")
            .get(slug=slug)
        )
    except NewsItem.DoesNotExist as exc:
        raise NotFound() from exc


def month_events(year: int, month: int) -> dict[str, Any]:
    """Public events of a month, by day, with the month grid (weeks from Monday)."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime(year, month, 1, tzinfo=tz)
    last_day = calendar.monthrange(year, month)[1]
    end = start + datetime.timedelta(days=last_day)
    events = list(
        public_events().filter(starts_at__gte=start, starts_at__lt=end).order_by("starts_at", "pk")
    )
    by_day: dict[int, list[Event]] = {}
    for event in events:
        by_day.setdefault(timezone.localtime(event.starts_at).day, []).append(event)
    weeks = [
        [(day, by_day.get(day, [])) if day else (0, []) for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdayscalendar(year, month)
    ]
    previous = (start - datetime.timedelta(days=1)).date().replace(day=1)
    following = end.date()
    return {"events": events, "weeks": weeks, "start": start.date(), "previous": previous,
            "following": following}  # fmt: skip


def practice_list(*, user: Any, q: str = "", direction: str = "", region: str = "") -> Any:
    qs = Practice.objects.visible_to(user).select_related("association", "direction")
    if q.strip():
        qs = qs.filter(search_q(q))
    if direction:
        qs = qs.filter(direction__code=direction)
    if region:
        qs = qs.filter(association__regions__code=region).distinct()
    return qs.order_by("-year", "title", "pk")


def practice_candidates() -> Any:
    """Achievements found by the reports analysis and not yet accepted as practices."""
    from zemlyaki.reports.models import FindingKind, OutcomeType, ReportFinding

    taken = Practice.objects.filter(finding__isnull=False).values("finding_id")
    return (
        ReportFinding.objects.filter(kind=FindingKind.OUTCOME, category=OutcomeType.ACHIEVEMENT)
        .exclude(review="rejected")
        .exclude(pk__in=taken)
        .select_related("report__association", "direction")
        .order_by("-report__year_from", "pk")
    )


def question_queue() -> QuerySet[Question]:
    return Question.objects.select_related("association", "topic", "expert").order_by(
        "status", "-created_at", "-pk"
    )


def faq() -> QuerySet[Question]:
    return Question.objects.filter(
        is_public=True, publish_consent=True, status=QuestionStatus.ANSWERED, kind="question"
    ).select_related("topic")
