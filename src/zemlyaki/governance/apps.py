from collections.abc import Callable

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _load_demo(out: Callable[[str], None]) -> list[str]:
    from .demo import load

    return load(out)


class GovernanceConfig(AppConfig):
    name = "zemlyaki.governance"
    label = "governance"
    verbose_name = _("Рабочие органы")
    nav_items = [("governance:body_list", _("Рабочие органы"), None)]

    def ready(self) -> None:
        from zemlyaki.core import registries as r

        from . import inserts
        from .powers import user_is_body_member

        r.demo_data.register(self.label, r.DemoData(_load_demo))
        for provider in inserts.PROVIDERS:
            r.register_insert(provider)
        # Lower apps (people) ask whether a user sits on a working body.
        r.user_facts.register("body_member", user_is_body_member)
        # What the app holds about a person: «Мои данные» and the erasure (people).
        from . import personal_data

        for holder in personal_data.HOLDERS:
            r.register_personal_data(holder)
