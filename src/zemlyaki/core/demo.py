"""Demonstration data: each app registers ``core.registries.DemoData`` in its
``AppConfig.ready()``; the loaders run in the order of ZEMLYAKI_APPS."""

from collections.abc import Callable

from django.db import transaction

from .registries import demo_data


def database_empty() -> bool:
    """True when no app holds records of its own yet (no users, no associations...)."""
    return not any(entry.has_data() for entry in demo_data if entry.has_data is not None)


def load_demo(out: Callable[[str], None]) -> list[str]:
    lines: list[str] = []
    with transaction.atomic():
        for entry in demo_data:
            lines.extend(entry.load(out) or [])
    return lines
