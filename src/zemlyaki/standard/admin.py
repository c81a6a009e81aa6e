from django.contrib import admin

from .models import Assessment, Campaign, Criterion, StandardVersion


@admin.register(StandardVersion)
class StandardVersionAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "status", "in_force_since"]
    readonly_fields = ["number", "status", "in_force_since"]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["code", "version", "block", "weight", "answer_kind", "check_code"]
    list_filter = ["version", "block"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["year", "deadline", "ranking_published"]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["association", "year", "status", "submitted_at"]
    list_filter = ["year", "status"]
    readonly_fields = ["association", "year", "version", "status", "submitted_at", "created_by"]
