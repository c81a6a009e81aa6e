from collections.abc import Callable

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _load_demo(out: Callable[[str], None]) -> list[str]:
    from .demo import load

    return load(out)


def _has_users() -> bool:
    from .models import User

    return User.objects.exists()


class AccountsConfig(AppConfig):
    name = "zemlyaki.accounts"
    label = "accounts"
    verbose_name = _("Пользователи")

    def ready(self) -> None:
        from zemlyaki.core.registries import DemoData, demo_data

        demo_data.register(self.label, DemoData(_load_demo, has_data=_has_users))
