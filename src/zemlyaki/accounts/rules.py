"""Predicates of the global roles; other apps combine them with their own."""

import rules

from .models import Role


@rules.predicate
def is_administrator(user) -> bool:  # type: ignore[no-untyped-def]
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and (user.role == Role.ADMINISTRATOR or user.is_superuser)
    )


@rules.predicate
def is_coordinator(user) -> bool:  # type: ignore[no-untyped-def]
    return bool(user and user.is_authenticated and user.is_active and user.role == Role.COORDINATOR)


@rules.predicate
def is_leader(user) -> bool:  # type: ignore[no-untyped-def]
    return bool(user and user.is_authenticated and user.is_active and user.role == Role.LEADER)


@rules.predicate
def is_member(user) -> bool:  # type: ignore[no-untyped-def]
    return bool(user and user.is_authenticated and user.is_active and user.role == Role.MEMBER)


is_authenticated = rules.is_authenticated
is_staff_role = is_coordinator | is_administrator
