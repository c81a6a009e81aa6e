from typing import Any

from django.contrib import admin

from .models import AuditEntry, FederalDistrict, Region


@admin.register(FederalDistrict)
class FederalDistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "code", "order"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "iso_code", "federal_district"]
    list_filter = ["kind", "federal_district"]
    search_fields = ["name", "code"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor_repr", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request: Any) -> Any:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> Any:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> Any:
        return False
