from collections.abc import Callable

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _load_demo(out: Callable[[str], None]) -> list[str]:
    from .demo import load

    return load(out)


class EventsConfig(AppConfig):
    name = "zemlyaki.events"
    label = "events"
    verbose_name = _("Мероприятия")
    nav_items = [("events:event_list", _("Мероприятия"), None)]

    def ready(self) -> None:
        from zemlyaki.core.registries import register_home_item

        from .home import ITEMS as HOME_ITEMS

        for home_item in HOME_ITEMS:
            register_home_item(home_item)
        from zemlyaki.core import registries as r

        from . import (
            downloads,  # noqa: F401  (claims this app's uploads in core.protected_files)
            measures,
            personal_data,
        )
        from .models import Event

        r.demo_data.register(self.label, r.DemoData(_load_demo))
        for measure in measures.MEASURES:
            r.register_measure(measure)
        r.register_linkable(r.Linkable("events.event", _("Мероприятия"), Event.objects.all))
        # What the app holds about a person: «Мои данные» and the erasure (people).
        for holder in personal_data.HOLDERS:
            r.register_personal_data(holder)
