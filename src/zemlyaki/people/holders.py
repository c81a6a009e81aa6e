"""What the other apps hold about a person, through ``core.registries.personal_data``.

The people app imports none of them: each app registers a ``PersonalDataHolder`` in its
``AppConfig.ready()``; the download «Мои данные» lists every holder's records under its
title, and the erasure of a person asks every holder to erase or anonymise its records in
the same transaction (the log of changes keeps the counts per holder, not the values)."""

from typing import Any

from zemlyaki.core.actors import Actor
from zemlyaki.core.registries import personal_data

from .models import Person


def records_elsewhere(*, person: Person, user: Any) -> list[dict[str, Any]]:
    """Every registered holder with what it holds about the person (empty ones too: the
    download says where the platform looked)."""
    return [
        {
            "label": holder.label,
            "title": str(holder.title),
            "records": holder.export(person, user),
        }
        for holder in personal_data
    ]


def erase_elsewhere(*, person: Person, user: Any, actor: Actor | None) -> dict[str, int]:
    """Ask every holder to erase what it holds; runs inside the caller's transaction, while
    the card still has its name, address and login. Returns the count per holder."""
    return {holder.label: int(holder.erase(person, user, actor)) for holder in personal_data}
