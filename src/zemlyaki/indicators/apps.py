from collections.abc import Callable

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _load_demo(out: Callable[[str], None]) -> list[str]:
    from .demo import load

    return load(out)


def _has_demo() -> bool:
    from .models import Indicator

    return Indicator.objects.exists()


class IndicatorsConfig(AppConfig):
    name = "zemlyaki.indicators"
    label = "indicators"
    verbose_name = _("Показатели стратегии")
    nav_items = [
        ("indicators:dashboard", _("Показатели"), None),
    ]

    def ready(self) -> None:
        from zemlyaki.core import registries as r

        from . import (
            downloads,  # noqa: F401  (claims this app's uploads in core.protected_files)
            inserts,
            measures,
            personal_data,
        )

        r.demo_data.register(self.label, r.DemoData(_load_demo, _has_demo))
        for measure in measures.MEASURES:
            r.register_measure(measure)
        for provider in inserts.PROVIDERS:
            r.register_insert(provider)
        # What the app holds about a person: «Мои данные» and the erasure (people).
        for holder in personal_data.HOLDERS:
            r.register_personal_data(holder)
