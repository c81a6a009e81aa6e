"""Demonstration data: each app may have a ``demo`` module with ``load(out) -> list[str]``
(lines to print, e.g. logins); they run in the order of ZEMLYAKI_APPS."""

from collections.abc import Callable
from importlib import import_module

from django.conf import settings
from django.db import transaction


def demo_loaded() -> bool:
    from zemlyaki.registry.models import Association

    return Association.objects.filter(is_demo=True).exists()


def database_empty() -> bool:
    from django.contrib.auth import get_user_model

    from zemlyaki.registry.models import Association

    return not Association.objects.exists() and not get_user_model().objects.exists()


def load_demo(out: Callable[[str], None]) -> list[str]:
    lines: list[str] = []
    with transaction.atomic():
        for app in settings.ZEMLYAKI_APPS:
            try:
                module = import_module(f"{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app}.demo":
                    raise
                continue
            loader = getattr(module, "load", None)
            if loader is not None:
                lines.extend(loader(out) or [])
    return lines
