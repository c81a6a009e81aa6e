from collections.abc import Callable

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _load_demo(out: Callable[[str], None]) -> list[str]:
    from .demo import load

    return load(out)


class ReportsConfig(AppConfig):
    name = "zemlyaki.reports"
    label = "reports"
    verbose_name = _("Годовые отчёты")
    nav_items = [
        ("reports:report_list", _("Годовые отчёты"), "reports.view_report"),
        ("reports:analysis", _("Анализ отчётов"), "reports.view_analysis", "more"),
    ]

    def ready(self) -> None:
        from zemlyaki.core.registries import register_home_item

        from .home import ITEMS as HOME_ITEMS

        for home_item in HOME_ITEMS:
            register_home_item(home_item)
        from zemlyaki.core import registries as r

        from . import (
            downloads,  # noqa: F401  (claims this app's uploads in core.protected_files)
            inserts,
            measures,
        )

        r.demo_data.register(self.label, r.DemoData(_load_demo))
        for provider in inserts.PROVIDERS:
            r.register_insert(provider)
        for measure in measures.MEASURES:
            r.register_measure(measure)
