"""Reads of the registry."""

from typing import Any

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
) -> QuerySet[Association]:
    """Associations filtered by a Russian word-form search, region code, district code, status."""
    qs = Association.objects.prefetch_related(
        Prefetch("regions", queryset=Region.objects.select_related("federal_district"))
    ).order_by("name")
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


def association_get(slug: str) -> Association:
    return Association.objects.prefetch_related(
        Prefetch("regions", queryset=Region.objects.select_related("federal_district"))
    ).get(slug=slug)


def associations_led_by(user: Any) -> QuerySet[Association]:
    if not getattr(user, "is_authenticated", False):
        return Association.objects.none()
    return Association.objects.filter(leaders=user)


def stakeholder_list(*, q: str = "", kind: str = "", region: str = "") -> QuerySet[Stakeholder]:
    qs = Stakeholder.objects.select_related("association").prefetch_related("regions")
    if q.strip():
        qs = qs.filter(search_q(q))
    if kind:
        qs = qs.filter(kind=kind)
    if region:
        qs = qs.filter(regions__code=region).distinct()
    return qs.order_by("kind", "name")
