"""Predicates of the global roles; other apps combine them with their own."""

from typing import Any

import rules

from .models import Role


@rules.predicate
def is_administrator(user: Any) -> bool:
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and (user.role == Role.ADMINISTRATOR or user.is_superuser)
    )


@rules.predicate
def is_coordinator(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.role == Role.COORDINATOR)


@rules.predicate
def is_leader(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.role == Role.LEADER)


@rules.predicate
def is_member(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.role == Role.MEMBER)


def led_association_ids(user: Any) -> frozenset[int]:
    """The associations the user leads, read once per user object (once per request)."""
    if not (user and user.is_authenticated and user.is_active):
        return frozenset()
    led = user.__dict__.get("_led_association_ids")
    if led is None:
        led = frozenset(user.led_associations.values_list("pk", flat=True))
        user.__dict__["_led_association_ids"] = led
    return frozenset(led)


is_authenticated = rules.is_authenticated
is_staff_role = is_coordinator | is_administrator
