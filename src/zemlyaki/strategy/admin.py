from django.contrib import admin

from .models import Amendment, Comment, Document, DocumentVersion, Revision, Section


class SectionInline(admin.TabularInline):
    model = Section
    fields = ["number", "title", "owner", "owner_body", "deadline", "status"]
    readonly_fields = ["number", "status"]
    extra = 0
    show_change_link = True


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "period_from", "period_to", "is_demo"]
    list_filter = ["kind", "status", "is_demo"]
    readonly_fields = ["status"]
    inlines = [SectionInline]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "document", "owner", "status", "deadline"]
    list_filter = ["status", "document"]
    list_select_related = ["document", "owner"]
    readonly_fields = ["status", "current_revision", "number"]


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ["section", "number", "author", "created_at", "comment"]
    list_select_related = ["section", "author"]
    readonly_fields = [f.name for f in Revision._meta.fields]


admin.site.register(Comment)
admin.site.register(Amendment)


@admin.register(DocumentVersion)
class DocumentVersionAdmin(admin.ModelAdmin):
    list_display = ["document", "number", "decision_repr", "approved_at"]
    readonly_fields = ["content", "decision_type", "decision_id", "decision_repr", "approved_by"]
