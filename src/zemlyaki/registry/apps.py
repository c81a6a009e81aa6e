from collections.abc import Callable
from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _load_demo(out: Callable[[str], None]) -> list[str]:
    from .demo import load

    return load(out)


def _has_associations() -> bool:
    from .models import Association

    return Association.objects.exists()


def _gendata_arguments(parser: Any) -> None:
    from .gendata import add_arguments

    add_arguments(parser)


def _gendata(options: dict[str, Any], out: Callable[[str], None]) -> None:
    from .gendata import generate

    generate(options, out)


class RegistryConfig(AppConfig):
    name = "zemlyaki.registry"
    label = "registry"
    verbose_name = _("Реестр землячеств")
    nav_items = [
        ("registry:association_list", _("Землячества"), None),
        ("registry:stakeholder_list", _("Субъекты стратегии"), None, "more"),
    ]

    def ready(self) -> None:
        from zemlyaki.core.registries import register_home_item

        from .home import ITEMS as HOME_ITEMS

        for home_item in HOME_ITEMS:
            register_home_item(home_item)
        from zemlyaki.core import registries as r

        from . import (
            downloads,  # noqa: F401  (claims this app's uploads in core.protected_files)
            home,
            inserts,
        )
        from .models import Association

        r.demo_data.register(self.label, r.DemoData(_load_demo, has_data=_has_associations))
        r.data_generators.register(self.label, r.DataGenerator(_gendata_arguments, _gendata))
        for provider in inserts.PROVIDERS:
            r.register_insert(provider)
        r.register_home_item(
            r.HomeItem(
                "registry:summary",
                "registry/partials/_home_summary.html",
                home.catalogue_summary,
                order=10,
            )
        )
        r.register_linkable(
            r.Linkable("registry.association", _("Землячества"), Association.objects.all)
        )
