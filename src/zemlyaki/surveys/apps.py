from collections.abc import Callable

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _load_demo(out: Callable[[str], None]) -> list[str]:
    from .demo import load

    return load(out)


class SurveysConfig(AppConfig):
    name = "zemlyaki.surveys"
    label = "surveys"
    verbose_name = _("Анкеты")
    nav_items = [("surveys:survey_list", _("Анкеты"), None)]

    def ready(self) -> None:
        from zemlyaki.core.registries import register_home_item

        from .home import ITEMS as HOME_ITEMS

        for home_item in HOME_ITEMS:
            register_home_item(home_item)
        from zemlyaki.core.registries import (
            DemoData,
            Linkable,
            demo_data,
            register_linkable,
            register_measure,
            register_personal_data,
        )

        from . import measures, personal_data
        from .models import Survey

        demo_data.register(self.label, DemoData(_load_demo))
        for measure in measures.MEASURES:
            register_measure(measure)
        register_linkable(Linkable("surveys.survey", _("Анкеты"), Survey.objects.all))
        # What the app holds about a person: «Мои данные» and the erasure (people).
        for holder in personal_data.HOLDERS:
            register_personal_data(holder)
