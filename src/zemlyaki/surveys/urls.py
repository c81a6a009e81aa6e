from django.urls import path

from . import views, views_answer, views_changes, views_results

app_name = "surveys"

urlpatterns = [
    path("surveys/", views.survey_list, name="survey_list"),
    path("surveys/new/", views.survey_create, name="survey_create"),
    path("surveys/new/template/", views.survey_create_template, name="survey_create_template"),
    path("surveys/changes/", views_changes.change_list, name="change_list"),
    path("surveys/changes/<int:change_id>/", views_changes.change_detail, name="change_detail"),
    path(
        "surveys/changes/<int:change_id>/decide/", views_changes.change_decide, name="change_decide"
    ),
    path("surveys/<int:pk>/", views.survey_detail, name="survey_detail"),
    path("surveys/<int:pk>/edit/", views.survey_edit, name="survey_edit"),
    path("surveys/<int:pk>/duplicate/", views.survey_duplicate, name="survey_duplicate"),
    path("surveys/<int:pk>/delete/", views.survey_delete, name="survey_delete"),
    path("surveys/<int:pk>/questions/new/", views.question_create, name="question_create"),
    path("surveys/<int:pk>/questions/<int:qid>/", views.question_edit, name="question_edit"),
    path(
        "surveys/<int:pk>/questions/<int:qid>/delete/",
        views.question_delete,
        name="question_delete",
    ),
    path("surveys/<int:pk>/questions/<int:qid>/move/", views.question_move, name="question_move"),
    path("surveys/<int:pk>/results/", views_results.survey_results, name="survey_results"),
    path(
        "surveys/<int:pk>/results.<str:fmt>",
        views_results.survey_export,
        name="survey_export",
    ),
    path("surveys/<int:pk>/invitations/", views.survey_invitations, name="survey_invitations"),
    path("surveys/<int:pk>/invitations/remind/", views.survey_remind, name="survey_remind"),
    path("s/<slug:slug>/", views_answer.answer_public, name="answer_public"),
    path("q/<str:token>", views_answer.answer_personal, name="answer_personal"),
]
