from collections.abc import Callable
from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _load_demo(out: Callable[[str], None]) -> list[str]:
    from .demo import load

    return load(out)


def _gendata_arguments(parser: Any) -> None:
    from .gendata import add_arguments

    add_arguments(parser)


def _gendata(options: dict[str, Any], out: Callable[[str], None]) -> None:
    from .gendata import generate

    generate(options, out)


class PeopleConfig(AppConfig):
    name = "zemlyaki.people"
    label = "people"
    verbose_name = _("Участники и эксперты")
    nav_items = [
        ("people:person_me", _("Мой профиль"), "people.view_own_profile", "user"),
        ("people:my_data", _("Мои данные"), "people.view_own_data", "user"),
        ("people:person_search", _("Эксперты"), "people.search_people"),
        ("people:import_start", _("Загрузка списков"), "people.use_imports", "more"),
        ("people:vocabulary_default", _("Словари"), "people.manage_vocabulary", "more"),
        ("people:candidate_lists", _("Кандидаты"), "people.manage_candidates", "more"),
        (
            "people:erasure_queue",
            _("Запросы на удаление данных"),
            "people.manage_erasure",
            "more",
        ),
    ]

    def ready(self) -> None:
        from zemlyaki.core.registries import register_home_item

        from .home import ITEMS as HOME_ITEMS

        for home_item in HOME_ITEMS:
            register_home_item(home_item)
        from zemlyaki.core import registries as r

        from . import (
            consents,
            downloads,  # noqa: F401  (claims this app's uploads in core.protected_files)
            measures,
        )

        r.demo_data.register(self.label, r.DemoData(_load_demo))
        r.data_generators.register(self.label, r.DataGenerator(_gendata_arguments, _gendata))
        for measure in measures.MEASURES:
            r.register_measure(measure)
        # Consents of public forms given without a card: listed and erased with the rest.
        r.register_personal_data(consents.HOLDER)
