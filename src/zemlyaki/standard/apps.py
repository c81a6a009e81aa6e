from collections.abc import Callable

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _load_demo(out: Callable[[str], None]) -> list[str]:
    from .demo import load

    return load(out)


def _has_demo() -> bool:
    from .models import StandardVersion

    return StandardVersion.objects.exists()


class StandardConfig(AppConfig):
    name = "zemlyaki.standard"
    label = "standard"
    verbose_name = _("Стандарт работы землячества")
    nav_items = [
        ("standard:criteria", _("Стандарт работы"), "standard.view_version", "more"),
        ("standard:ranking", _("Рейтинг по стандарту"), "standard.view_version", "more"),
    ]

    def ready(self) -> None:
        from zemlyaki.core import registries as r

        from . import (
            downloads,  # noqa: F401  (claims this app's uploads in core.protected_files)
            measures,
        )
        from .home import ITEMS as HOME_ITEMS

        for home_item in HOME_ITEMS:
            r.register_home_item(home_item)

        r.demo_data.register(self.label, r.DemoData(_load_demo, _has_demo))
        for measure in measures.MEASURES:
            r.register_measure(measure)
