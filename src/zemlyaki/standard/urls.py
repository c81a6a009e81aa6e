from django.urls import path

from . import exports, views, years

app_name = "standard"

urlpatterns = [
    path("standard/", views.criteria, name="criteria"),
    path("standard/assessments/", views.assessment_list, name="assessments"),
    path("standard/assessments/<int:pk>/", views.assessment_detail, name="assessment"),
    path("standard/years/", years.years, name="years"),
    path("standard/review/", views.review_queue, name="review_queue"),
    path("standard/ranking/", views.ranking, name="ranking"),
    path("standard/ranking.xlsx", exports.ranking_xlsx, name="ranking_xlsx"),
    path("standard/assessments.xlsx", exports.assessments_xlsx, name="assessments_xlsx"),
    path("standard/associations/<slug:slug>/", views.history, name="history"),
]
