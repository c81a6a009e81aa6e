from typing import Any

from django.contrib import admin

from .models import Association, Stakeholder


class ReadOnlyAdmin(admin.ModelAdmin):
    """Registry records are changed in the interface, where every change is audited."""

    def has_add_permission(self, request: Any, obj: Any = None) -> Any:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> Any:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> Any:
        return False


@admin.register(Association)
class AssociationAdmin(ReadOnlyAdmin):
    list_display = ["name", "slug", "status", "founded_year", "is_demo"]
    list_filter = ["status", "legal_form", "is_demo"]
    search_fields = ["name", "short_name", "slug", "ogrn", "inn"]
    filter_horizontal = ["regions", "leaders"]


@admin.register(Stakeholder)
class StakeholderAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "is_demo"]
    list_filter = ["kind", "is_demo"]
    search_fields = ["name"]
    filter_horizontal = ["regions"]
