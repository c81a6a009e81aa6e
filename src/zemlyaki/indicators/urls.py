from django.urls import path

from . import manage_views, views

app_name = "indicators"

urlpatterns = [
    path("indicators/", views.dashboard, name="dashboard"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator"),
    path("indicators/<int:pk>/enter/", views.enter, name="enter"),
    path("indicators/values/<int:pk>/fix/", views.fix, name="fix"),
    path("indicators/review/", views.review_queue, name="review_queue"),
    path("indicators/refresh/", views.refresh, name="refresh"),
    path("indicators/stages/<int:document_pk>/", views.stages, name="stages"),
    path("indicators/indicators.xlsx", views.export, name="export"),
    path("indicators/goals/<int:document_pk>/", manage_views.goals, name="goals"),
    path("indicators/new/<int:document_pk>/", manage_views.indicator_form, name="create"),
    path("indicators/<int:pk>/edit/<int:document_pk>/", manage_views.indicator_form, name="edit"),
]
