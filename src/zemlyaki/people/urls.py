from django.urls import path

from . import views, views_imports, views_invitations, views_rights, views_vocabulary

app_name = "people"

urlpatterns = [
    path("people/", views.person_search, name="person_search"),
    path("people/export.xlsx", views.person_export, name="person_export"),
    path("people/me/", views_rights.person_me, name="person_me"),
    path("people/me/data/", views_rights.my_data, name="my_data"),
    path("people/me/data.json", views_rights.my_data_json, name="my_data_json"),
    path("people/me/data.html", views_rights.my_data_html, name="my_data_html"),
    path(
        "people/me/consents/<int:pk>/withdraw/",
        views_rights.my_consent_withdraw,
        name="my_consent_withdraw",
    ),
    path("people/erasure-requests/", views_rights.erasure_queue, name="erasure_queue"),
    path("people/erasure-requests/<int:pk>/", views_rights.erasure_decide, name="erasure_decide"),
    path("people/<int:pk>/invitation/", views_invitations.person_invite, name="person_invite"),
    path("people/<int:pk>/user/", views_invitations.person_user, name="person_user"),
    path(
        "people/invitations/<int:pk>/revoke/",
        views_invitations.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "people/invitation/<str:token>/",
        views_invitations.invitation_accept,
        name="invitation_accept",
    ),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/initiative/", views.person_initiative, name="person_initiative"),
    path("people/<int:pk>/consents/", views.consent_add, name="consent_add"),
    path("people/consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("associations/<slug:slug>/members/", views.member_list, name="member_list"),
    path("people/imports/", views_imports.import_start, name="import_start"),
    path("people/imports/<int:pk>/", views_imports.import_detail, name="import_detail"),
    path("people/imports/<int:pk>/mapping/", views_imports.import_mapping, name="import_mapping"),
    path(
        "people/imports/<int:pk>/progress/", views_imports.import_progress, name="import_progress"
    ),
    path("people/imports/<int:pk>/errors.xlsx", views_imports.import_errors, name="import_errors"),
    path("people/imports/<int:pk>/undo/", views_imports.import_undo, name="import_undo"),
    path("people/imports/<int:pk>/restart/", views_imports.import_restart, name="import_restart"),
    path("people/vocabulary/", views_vocabulary.vocabulary, name="vocabulary_default"),
    path("people/vocabulary/<str:kind>/", views_vocabulary.vocabulary, name="vocabulary"),
    path("people/vocabulary/<str:kind>/<int:pk>/", views_vocabulary.term_edit, name="term_edit"),
    path(
        "people/vocabulary/<str:kind>/<int:pk>/merge/",
        views_vocabulary.term_merge,
        name="term_merge",
    ),
    path("people/candidates/", views.candidate_lists, name="candidate_lists"),
    path("people/candidates/add/", views.candidates_add, name="candidates_add"),
    path("people/candidates/<int:pk>/", views.candidate_list_detail, name="candidate_list_detail"),
    path("people/access-log/", views.access_log, name="access_log"),
]
