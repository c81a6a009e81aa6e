from collections.abc import Callable

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _load_demo(out: Callable[[str], None]) -> list[str]:
    from .demo import load

    return load(out)


def _has_demo() -> bool:
    from .models import Space

    return Space.objects.exists()


class WorkspaceConfig(AppConfig):
    name = "zemlyaki.workspace"
    label = "workspace"
    verbose_name = _("Рабочие пространства")
    nav_items = [("workspace:spaces", _("Пространства"), "workspace.list_spaces", "more")]

    def ready(self) -> None:
        from zemlyaki.core import registries as r

        from . import (
            downloads,  # noqa: F401  (claims this app's uploads in core.protected_files)
            panels,
            personal_data,
        )

        r.demo_data.register(self.label, r.DemoData(_load_demo, _has_demo))
        r.register_object_panel(
            r.ObjectPanel("workspace.discussions", "workspace/partials/_discussions.html",
                          panels.discussions_panel)
        )  # fmt: skip
        for holder in personal_data.HOLDERS:
            r.register_personal_data(holder)
