from collections.abc import Callable

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _load_demo(out: Callable[[str], None]) -> list[str]:
    from .demo import load

    return load(out)


class DirectionsConfig(AppConfig):
    """The one catalogue of directions of the platform (policy and own directions).

    It sits low (beside ``registry``) so that ``reports`` classifies findings to it and
    ``programs`` (above ``governance``) ties programs to it."""

    name = "zemlyaki.directions"
    label = "directions"
    verbose_name = _("Направления")
    nav_items: list[tuple[str, str, str | None, str]] = []

    def ready(self) -> None:
        from zemlyaki.core import registries as r

        r.demo_data.register(self.label, r.DemoData(_load_demo, _has_data))


def _has_data() -> bool:
    from .models import DirectionSource

    return DirectionSource.objects.exists()
