from collections.abc import Callable

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _load_demo(out: Callable[[str], None]) -> list[str]:
    from .demo import load

    return load(out)


def _has_demo() -> bool:
    from .demo import has_data

    return has_data()


class ProgramsConfig(AppConfig):
    name = "zemlyaki.programs"
    label = "programs"
    verbose_name = _("Программы и ресурсы")
    nav_items = [
        ("programs:program_list", _("Программы"), None),
        ("programs:direction_tree", _("Направления"), None, "more"),
        ("programs:gap_overview", _("Ресурсы Стратегии"), None, "more"),
    ]

    def ready(self) -> None:
        from zemlyaki.core import registries as r

        from . import (
            downloads,  # noqa: F401  (claims this app's uploads in core.protected_files)
            inserts,
        )

        r.demo_data.register(self.label, r.DemoData(_load_demo, _has_demo))
        for provider in inserts.PROVIDERS:
            r.register_insert(provider)
