from django.contrib import admin

from .models import Connection, Delivery, Space


@admin.register(Space)
class SpaceAdmin(admin.ModelAdmin):
    list_display = ["title", "body"]


@admin.register(Connection)
class ConnectionAdmin(admin.ModelAdmin):
    list_display = ["space", "adapter", "chat_id", "token_name", "enabled"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["connection", "status", "attempts", "next_attempt_at", "sent_at"]
    readonly_fields = ["text", "key"]
