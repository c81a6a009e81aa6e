from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("associations/", views.association_list, name="association_list"),
    path("associations/new/", views.association_create, name="association_create"),
    path("associations/<slug:slug>/", views.association_detail, name="association_detail"),
    path("associations/<slug:slug>/edit/", views.association_edit, name="association_edit"),
    path("associations/<slug:slug>/delete/", views.association_delete, name="association_delete"),
    path(
        "associations/<slug:slug>/history/", views.association_history, name="association_history"
    ),
    path("stakeholders/", views.stakeholder_list, name="stakeholder_list"),
    path("stakeholders/new/", views.stakeholder_create, name="stakeholder_create"),
    path("stakeholders/<int:pk>/", views.stakeholder_detail, name="stakeholder_detail"),
    path("stakeholders/<int:pk>/edit/", views.stakeholder_edit, name="stakeholder_edit"),
    path("stakeholders/<int:pk>/history/", views.stakeholder_history, name="stakeholder_history"),
]
