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
