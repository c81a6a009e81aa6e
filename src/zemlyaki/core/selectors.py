from django.core.cache import cache
from django.db import models
from django.db.models import QuerySet

from .models import AuditEntry, FederalDistrict, Region


def region_list() -> QuerySet[Region]:
    return Region.objects.select_related("federal_district").order_by("name")


def federal_district_list() -> QuerySet[FederalDistrict]:
    return FederalDistrict.objects.order_by("order")


def audit_entries_for(instance: models.Model) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        object_type=instance._meta.label_lower, object_id=str(instance.pk)
    ).select_related("actor")


REFERENCE_CACHE_KEY = "core:reference-choices"


def reference_choices() -> dict[str, list[tuple[str, str]]]:
    """(code, name) pairs of districts and regions for filter forms, cached: reference
    data changes only when ``load-reference`` runs, which clears this cache."""
    cached = cache.get(REFERENCE_CACHE_KEY)
    if cached is None:
        cached = {
            "districts": list(federal_district_list().values_list("code", "name")),
            "regions": list(Region.objects.order_by("name").values_list("code", "name")),
        }
        cache.set(REFERENCE_CACHE_KEY, cached, 600)
    return cached
