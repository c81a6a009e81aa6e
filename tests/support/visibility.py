"""The agreement test every app runs for its models with readers."""

from collections.abc import Iterable
from typing import Any

from django.db import models

from zemlyaki.core.visibility import can_see, visible


def assert_agrees(
    model: type[models.Model], users: Iterable[Any], predicate: Any = None
) -> dict[Any, set[Any]]:
    """For each user: the list rule and the object rule give the same set of objects.

    ``predicate(user, obj)`` is an extra object rule to compare (a rules predicate, an API
    check); by default only ``can_see``. Returns the visible ids per user so that the caller
    can also assert the exact sets a role must see.
    """
    everything = list(model._default_manager.all())
    assert everything, f"no {model.__name__} rows: the agreement would be empty"
    seen: dict[Any, set[Any]] = {}
    for user in users:
        listed = set(visible(model, user).values_list("pk", flat=True))
        one_by_one = {obj.pk for obj in everything if can_see(user, obj)}
        assert listed == one_by_one, (user, model.__name__, listed ^ one_by_one)
        if predicate is not None:
            by_predicate = {obj.pk for obj in everything if predicate(user, obj)}
            assert listed == by_predicate, (user, model.__name__, listed ^ by_predicate)
        seen[user] = listed
    return seen
