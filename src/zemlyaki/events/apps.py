from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "zemlyaki.events"
    label = "events"
    verbose_name = _("Мероприятия")
    nav_items = [("events:event_list", _("Мероприятия"), None)]
