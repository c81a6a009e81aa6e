from django.urls import path, register_converter

from . import views, views_review, views_structure


class ExportFormat:
    regex = "docx|pdf"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ExportFormat, "strategy_fmt")

app_name = "strategy"

urlpatterns = [
    path("strategy/", views.document_list, name="document_list"),
    path("strategy/new/", views.document_create, name="document_create"),
    path("strategy/<int:pk>/", views.document_detail, name="document_detail"),
    path("strategy/<int:pk>/edit/", views.document_edit, name="document_edit"),
    path("strategy/<int:pk>/full/", views.document_assembled, name="document_assembled"),
    path("strategy/<int:pk>/history/", views_structure.document_history, name="document_history"),
    path("strategy/<int:pk>/outline/", views_structure.document_outline, name="document_outline"),
    path(
        "strategy/<int:pk>/outline/order/",
        views_structure.document_reorder,
        name="document_reorder",
    ),
    path(
        "strategy/<int:pk>/export.<strategy_fmt:fmt>", views.document_export, name="document_export"
    ),
    path("strategy/sections/<int:pk>/", views.section_detail, name="section_detail"),
    path("strategy/sections/<int:pk>/edit/", views.section_edit, name="section_edit"),
    path("strategy/sections/<int:pk>/preview/", views.section_preview, name="section_preview"),
    path("strategy/sections/<int:pk>/draft/", views.section_draft, name="section_draft"),
    path("strategy/sections/<int:pk>/insert/", views.section_insert, name="section_insert"),
    path("strategy/sections/<int:pk>/settings/", views.section_settings, name="section_settings"),
    path(
        "strategy/sections/<int:pk>/history/",
        views_structure.section_history,
        name="section_history",
    ),
    path("strategy/sections/<int:pk>/move/", views_structure.section_move, name="section_move"),
    path(
        "strategy/sections/<int:pk>/rename/", views_structure.section_rename, name="section_rename"
    ),
    path(
        "strategy/sections/<int:pk>/remove/", views_structure.section_remove, name="section_remove"
    ),
    path("strategy/sections/<int:pk>/revisions/", views.revision_list, name="revision_list"),
    path(
        "strategy/sections/<int:pk>/revisions/compare/",
        views.revision_compare,
        name="revision_compare",
    ),
    path(
        "strategy/sections/<int:pk>/revisions/<int:number>/restore/",
        views.revision_restore,
        name="revision_restore",
    ),
    path(
        "strategy/sections/<int:pk>/comments/", views_review.comment_create, name="comment_create"
    ),
    path(
        "strategy/comments/<int:pk>/resolve/", views_review.comment_resolve, name="comment_resolve"
    ),
    path(
        "strategy/sections/<int:pk>/amendments/",
        views_review.amendment_create,
        name="amendment_create",
    ),
    path(
        "strategy/amendments/<int:pk>/accept/",
        views_review.amendment_accept,
        name="amendment_accept",
    ),
    path(
        "strategy/amendments/<int:pk>/reject/",
        views_review.amendment_reject,
        name="amendment_reject",
    ),
    path(
        "strategy/amendments/<int:pk>/merge/", views_review.amendment_merge, name="amendment_merge"
    ),
    path(
        "strategy/sections/<int:pk>/transition/",
        views_review.section_transition,
        name="section_transition",
    ),
    path(
        "strategy/sections/<int:pk>/positions/",
        views_review.position_record,
        name="position_record",
    ),
    # The approved document, public at a stable address.
    path("documents/<slug:slug>/", views.public_document, name="public_document"),
    path(
        "documents/<slug:slug>/document.<strategy_fmt:fmt>",
        views.public_export,
        name="public_export",
    ),
]
