from collections.abc import Callable

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _load_demo(out: Callable[[str], None]) -> list[str]:
    from .demo import load

    return load(out)


def _has_demo() -> bool:
    from .models import NewsItem

    return NewsItem.objects.exists()


def _home_context(request: object) -> dict[str, object]:
    from .views import home_context

    return home_context(request)


class PortalConfig(AppConfig):
    name = "zemlyaki.portal"
    label = "portal"
    verbose_name = _("Информационный центр")
    nav_items = [
        ("portal:map", _("Карта"), None),
        ("portal:news_list", _("Новости"), None),
        ("portal:calendar", _("Календарь"), None, "more"),
        ("portal:documents", _("Документы"), None, "more"),
        ("portal:practice_list", _("Практики"), None, "more"),
        ("portal:open_data", _("Открытые данные"), None, "more"),
        ("portal:help", _("Справочная служба"), None, "more"),
        ("portal:feedback", _("Обратная связь"), None, "more"),
        (
            "portal:question_queue",
            _("Вопросы справочной службы"),
            "portal.manage_questions",
            "more",
        ),
        ("portal:practice_candidates", _("Практики из отчётов"), "portal.manage_practices", "more"),
    ]

    def ready(self) -> None:
        from zemlyaki.core import registries as r

        from . import (
            downloads,  # noqa: F401  (claims this app's uploads in core.protected_files)
            personal_data,
            rules,  # noqa: F401
        )

        r.demo_data.register(self.label, r.DemoData(_load_demo, _has_demo))
        r.register_home_item(
            r.HomeItem("portal.site", "portal/partials/_home.html", _home_context, None, order=90)
        )
        for holder in personal_data.HOLDERS:
            r.register_personal_data(holder)
