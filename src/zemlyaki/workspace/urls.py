from django.urls import path

from . import views, views_files

app_name = "workspace"

urlpatterns = [
    path("workspace/", views.space_list, name="spaces"),
    path("workspace/open/", views.space_open, name="space_open"),
    path("workspace/<int:pk>/", views.space_detail, name="space"),
    path("workspace/<int:pk>/threads/new/", views.thread_create, name="thread_create"),
    path("workspace/<int:pk>/members.json", views.members_json, name="members_json"),
    path("workspace/<int:pk>/files/", views_files.file_list, name="files"),
    path("workspace/<int:pk>/messenger/", views_files.connection, name="connection"),
    path("workspace/threads/<int:pk>/", views.thread_detail, name="thread"),
    path("workspace/threads/<int:pk>/audience/", views.thread_audience, name="thread_audience"),
    path("workspace/posts/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("workspace/posts/<int:pk>/history/", views.post_history, name="post_history"),
    path("workspace/posts/<int:pk>/react/", views.post_react, name="post_react"),
    path("workspace/files/<int:pk>/", views_files.file_detail, name="file"),
    path("workspace/files/<int:pk>/link/", views_files.file_link, name="file_link"),
    path(
        "workspace/versions/<int:pk>/restore/", views_files.version_restore, name="version_restore"
    ),
    path(
        "workspace/versions/<int:pk>/preview.png",
        views_files.version_preview,
        name="version_preview",
    ),
    path("workspace/notifications/", views_files.notify_settings, name="notify_settings"),
    path("workspace/unsubscribe/<str:token>/", views_files.unsubscribe, name="unsubscribe"),
]
