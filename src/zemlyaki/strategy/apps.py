from collections.abc import Callable
from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _load_demo(out: Callable[[str], None]) -> list[str]:
    from .demo import load

    return load(out)


def _sections_in_outline() -> Any:
    """Sections one may put on an agenda or name in a decision: not retired, by document."""
    from .models import Section

    return (
        Section.objects.filter(retired_at__isnull=True)
        .select_related("document")
        .order_by("document__title", "document_id")
    )


class StrategyConfig(AppConfig):
    name = "zemlyaki.strategy"
    label = "strategy"
    verbose_name = _("Стратегия")
    nav_items = [("strategy:document_list", _("Стратегия"), None)]

    def ready(self) -> None:
        from zemlyaki.core.registries import register_home_item

        from .home import ITEMS as HOME_ITEMS

        for home_item in HOME_ITEMS:
            register_home_item(home_item)
        from zemlyaki.core import registries as r

        from . import downloads  # noqa: F401  (claims this app's uploads in core.protected_files)
        from .models import Document
        from .services import document_approve

        r.demo_data.register(self.label, r.DemoData(_load_demo))
        r.register_linkable(r.Linkable("strategy.document", _("Документы"), Document.objects.all))
        r.register_linkable(
            r.Linkable("strategy.section", _("Разделы стратегии"), _sections_in_outline)
        )
        # A decision of a meeting (events) approves a document.
        r.decision_effects.register("approve_document", document_approve)
        # What the app holds about a person: «Мои данные» and the erasure (people).
        from . import personal_data

        for holder in personal_data.HOLDERS:
            r.register_personal_data(holder)
