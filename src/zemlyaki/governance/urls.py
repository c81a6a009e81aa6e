from django.urls import path

from . import views

app_name = "governance"

urlpatterns = [
    path("bodies/", views.body_list, name="body_list"),
    path("bodies/new/", views.body_create, name="body_create"),
    path("bodies/<int:pk>/", views.body_detail, name="body_detail"),
    path("bodies/<int:pk>/edit/", views.body_edit, name="body_edit"),
    path("bodies/<int:pk>/delete/", views.body_delete, name="body_delete"),
    path("bodies/<int:pk>/history/", views.body_history, name="body_history"),
    path("bodies/<int:pk>/composition/", views.body_composition, name="body_composition"),
    path("bodies/<int:pk>/members/add/", views.member_add, name="member_add"),
    path(
        "bodies/<int:pk>/members/candidates/",
        views.member_add_candidates,
        name="member_add_candidates",
    ),
    path("bodies/<int:pk>/members/<int:member_pk>/edit/", views.member_edit, name="member_edit"),
    path(
        "bodies/<int:pk>/members/<int:member_pk>/remove/", views.member_remove, name="member_remove"
    ),
    path("bodies/<int:pk>/powers/add/", views.power_add, name="power_add"),
    path("bodies/<int:pk>/powers/<int:power_pk>/revoke/", views.power_revoke, name="power_revoke"),
]
