from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("reports/", views.report_list, name="report_list"),
    path("reports/upload/", views.report_upload, name="report_upload"),
    path("reports/bulk/", views.batch_upload, name="batch_upload"),
    path("reports/bulk/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("reports/reanalyse/", views.reports_reanalyse_all, name="reanalyse_all"),
    path("reports/search/", views.search, name="search"),
    path("reports/analysis/", views.analysis, name="analysis"),
    path("reports/analysis/note/", views.analysis_note, name="analysis_note"),
    path("reports/analysis/note.docx", views.analysis_note_docx, name="analysis_note_docx"),
    path("reports/lexicon/", views.lexicon, name="lexicon"),
    path("reports/lexicon/<int:pk>/edit/", views.lexicon_entry_edit, name="lexicon_entry_edit"),
    path(
        "reports/lexicon/<int:pk>/delete/", views.lexicon_entry_delete, name="lexicon_entry_delete"
    ),
    path("reports/findings/<int:pk>/review/", views.finding_review, name="finding_review"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/status/", views.report_status, name="report_status"),
    path("reports/<int:pk>/file/", views.report_file, name="report_file"),
    path("reports/<int:pk>/reanalyse/", views.report_reanalyse, name="report_reanalyse"),
    path("reports/<int:pk>/delete/", views.report_delete, name="report_delete"),
]
