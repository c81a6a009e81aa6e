from django.urls import path

from . import import_views, views

app_name = "plan"

urlpatterns = [
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/import/", import_views.plan_import, name="plan_import"),
    path("plans/import/confirm/", import_views.plan_import_confirm, name="plan_import_confirm"),
    path("plans/calendar/<str:token>.ics", views.calendar, name="calendar"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/delete/", views.plan_delete, name="plan_delete"),
    path("plans/<int:pk>/gantt/", views.plan_gantt, name="plan_gantt"),
    path("plans/<int:pk>/history/", views.plan_history, name="plan_history"),
    path("plans/<int:pk>/audit/", views.plan_audit, name="plan_audit"),
    path("plans/<int:pk>/tasks/new/", views.task_create, name="task_create"),
    path("plans/tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("plans/tasks/<int:pk>/delete/", views.task_delete, name="task_delete"),
    path("plans/tasks/<int:pk>/results/", views.task_result_add, name="task_result_add"),
    path("plans/results/<int:pk>/delete/", views.task_result_delete, name="task_result_delete"),
]
