"""Reads of the registry."""

from typing import Any

from django.db import connection
from django.db.models import Prefetch, QuerySet

from zemlyaki.core.models import Region
from zemlyaki.core.text import search_q

from .models import Association, Stakeholder


def association_list(
    *,
    q: str = "",
    region: str = "",
    district: str = "",
    status: str = "",
    user: Any = None,
) -> QuerySet[Association]:
    """Associations filtered by a Russian word-form search, region code, district code, status
    (through the one visibility rule: the catalogue is public)."""
    qs = (
        Association.objects.visible_to(user)
        .prefetch_related(
            Prefetch("regions", queryset=Region.objects.select_related("federal_district"))
        )
        .order_by("name")
    )
    if q.strip():
        qs = qs.filter(search_q(q))
    if region:
        qs = qs.filter(regions__code=region)
    if district:
        qs = qs.filter(regions__federal_district__code=district)
    if status:
        qs = qs.filter(status=status)
    if region or district:
        qs = qs.distinct()
    return qs


ASSOCIATION_API_FIELDS = (
    "pk", "slug", "name", "short_name", "legal_form", "ogrn", "inn", "founded_year", "status",
    "address", "phone", "email", "website", "social_links", "description", "is_demo",
)  # fmt: skip


def association_rows(qs: QuerySet[Association], window: slice) -> list[dict[str, Any]]:
    """Plain rows of one page of associations with their region codes, in two queries.

    The API list is the hottest read of the registry: rows are built from ``values()``
    instead of model instances and prefetches.
    """
    rows = list(qs.order_by("name", "pk").values(*ASSOCIATION_API_FIELDS)[window])
    if not rows:
        return rows
    through = Association.regions.through
    codes: dict[int, list[str]] = {row["pk"]: [] for row in rows}
    for association_id, code in (
        through.objects.filter(association_id__in=codes)
        .order_by("region__name")
        .values_list("association_id", "region__code")
    ):
        codes[association_id].append(code)
    for row in rows:
        row["regions"] = codes[row.pop("pk")]
        row["social_links"] = row["social_links"] or []
    return rows


def catalogue_version() -> str:
    """Changes whenever an association is added, changed (services always save the row,
    regions included) or deleted."""
    # Asked on every view of the catalogue: plain SQL, without building an ORM query.
    with connection.cursor() as cursor:
        cursor.execute(_VERSION_SQL)
        count, last = cursor.fetchone()
    return f"{count}-{last or '-'}".replace(" ", "T")


_VERSION_SQL = f"SELECT COUNT(*), MAX(updated_at) FROM {Association._meta.db_table}"  # noqa: S608


CARD_FIELDS = ("pk", "slug", "name", "short_name", "status", "founded_year", "is_demo")


def association_cards(qs: QuerySet[Association]) -> QuerySet[Any]:
    """The catalogue's rows as plain dicts (paginate this, then :func:`attach_regions`)."""
    return qs.order_by("name", "pk").values(*CARD_FIELDS)


def attach_regions(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add ``regions`` (names) and ``district`` (short name of the first) to card rows."""
    by_id: dict[int, dict[str, Any]] = {}
    for row in rows:
        row["regions"] = []
        row["district"] = ""
        by_id[row["pk"]] = row
    through = Association.regions.through
    for association_id, name, district in (
        through.objects.filter(association_id__in=by_id)
        .order_by("region__name")
        .values_list("association_id", "region__name", "region__federal_district__short_name")
    ):
        row = by_id[association_id]
        row["regions"].append(name)
        row["district"] = row["district"] or district
    return rows


def association_get(slug: str) -> Association:
    return (
        Association.objects.all()
        .prefetch_related(
            Prefetch("regions", queryset=Region.objects.select_related("federal_district"))
        )
        .get(slug=slug)
    )


def associations_led_by(user: Any) -> QuerySet[Association]:
    if not getattr(user, "is_authenticated", False):
        return Association.objects.none()
    return Association.objects.filter(leaders=user)


def stakeholder_list(
    *, q: str = "", kind: str = "", region: str = "", user: Any = None
) -> QuerySet[Stakeholder]:
    qs = (
        Stakeholder.objects.visible_to(user)
        .select_related("association")
        .prefetch_related("regions")
    )
    if q.strip():
        qs = qs.filter(search_q(q))
    if kind:
        qs = qs.filter(kind=kind)
    if region:
        qs = qs.filter(regions__code=region).distinct()
    return qs.order_by("kind", "name")


def association_counts_by_region() -> dict[str, int]:
    """Region code → number of active associations of that home region (the public map)."""
    from django.db.models import Count

    from .models import AssociationStatus

    rows = (
        Association.regions.through.objects.filter(association__status=AssociationStatus.ACTIVE)
        .values("region__code")
        .annotate(n=Count("association", distinct=True))
    )
    return {row["region__code"]: row["n"] for row in rows}
