from django.urls import path

from . import direction_edit_views, direction_views, views

app_name = "programs"

urlpatterns = [
    path("directions/", direction_views.direction_tree, name="direction_tree"),
    path("directions/new/", direction_edit_views.direction_create, name="direction_create"),
    path("directions/<int:pk>/", direction_views.direction_detail, name="direction_detail"),
    path("directions/<int:pk>/edit/", direction_edit_views.direction_edit, name="direction_edit"),
    path(
        "directions/<int:pk>/delete/",
        direction_edit_views.direction_delete,
        name="direction_delete",
    ),
    path("directions/<int:pk>/sources/", direction_edit_views.source_add, name="direction_source"),
    path("programs/", views.program_list, name="program_list"),
    path("programs/new/", views.program_create, name="program_create"),
    path("programs/resources/", views.gap_overview, name="gap_overview"),
    path("programs/resources/export.xlsx", views.balance_export, name="balance_export"),
    path(
        "programs/associations/<int:pk>/",
        views.association_resources,
        name="association_resources",
    ),
    path("programs/<int:pk>/", views.program_detail, name="program_detail"),
    path("programs/<int:pk>/export.xlsx", views.program_export, name="program_export"),
    path("programs/<int:pk>/needs/", views.need_add, name="need_add"),
    path("programs/<int:pk>/pledges/", views.pledge_add, name="pledge_add"),
    path("programs/<int:pk>/edit/", views.program_edit, name="program_edit"),
    path("programs/<int:pk>/stop/", views.program_stop, name="program_stop"),
    path("programs/<int:pk>/delete/", views.program_delete, name="program_delete"),
    path("programs/<int:pk>/plan/", views.program_plan, name="program_plan"),
    path("pledges/<int:pk>/transition/", views.pledge_transition, name="pledge_transition"),
    path(
        "stakeholders/<int:pk>/commitments/",
        views.stakeholder_commitments,
        name="stakeholder_commitments",
    ),
    path(
        "stakeholders/<int:pk>/representatives/",
        views.representative_add,
        name="representative_add",
    ),
    path(
        "stakeholders/<int:pk>/representatives/<int:link_pk>/remove/",
        views.representative_remove,
        name="representative_remove",
    ),
]
