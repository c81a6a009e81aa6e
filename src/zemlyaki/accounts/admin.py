from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import ApiToken, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "last_name", "first_name", "role", "is_active", "is_demo"]
    list_filter = ["role", "is_active", "is_demo"]
    fieldsets = (*BaseUserAdmin.fieldsets, ("Роль", {"fields": ("role", "patronymic")}))  # type: ignore[operator,misc]  # the stubs type fieldsets as optional


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "key_hash", "created_at", "last_used_at"]
