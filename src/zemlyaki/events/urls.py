from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("events/", views.event_list, name="event_list"),
    path("events/feed.ics", views.events_feed, name="events_feed"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/event.ics", views.event_ics, name="event_ics"),
    path("events/<int:pk>/preparation/", views.event_preparation, name="event_preparation"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("events/<int:pk>/history/", views.event_history, name="event_history"),
    path("events/<int:pk>/manage/", views.event_manage, name="event_manage"),
    path("events/<int:pk>/agenda/add/", views.agenda_add, name="agenda_add"),
    path("events/<int:pk>/agenda/<int:item_pk>/remove/", views.agenda_remove, name="agenda_remove"),
    path("events/<int:pk>/materials/add/", views.material_add, name="material_add"),
    path(
        "events/<int:pk>/materials/<int:material_pk>/remove/",
        views.material_remove,
        name="material_remove",
    ),
    path("events/<int:pk>/invite/", views.invite, name="invite"),
    path("events/<int:pk>/register/", views.register, name="register"),
    path("events/<int:pk>/attendance/", views.attendance, name="attendance"),
    path(
        "events/<int:pk>/attendance/<int:registration_pk>/",
        views.attendance_mark,
        name="attendance_mark",
    ),
    path("events/<int:pk>/reminders/", views.send_reminders, name="send_reminders"),
    path("events/<int:pk>/minutes/", views.minutes, name="minutes"),
    path("events/registration/<str:token>/", views.registration, name="registration"),
    path("events/invitation/<str:token>/", views.invitation, name="invitation"),
    path("events/checkin/<str:token>/", views.checkin, name="checkin"),
]
