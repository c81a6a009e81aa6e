"""Who belongs to which space: the members acting for its body today (their dates include
the day, the body's term has not ended), read fresh on every check so that a member removed
from a body loses access at once."""

from typing import Any

from django.db.models import QuerySet

from zemlyaki.accounts.models import Role, User
from zemlyaki.governance.models import BodyMember


def is_coordinator_user(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and getattr(user, "role", None) == Role.COORDINATOR
    )


def member_body_ids(user: Any) -> QuerySet[Any]:
    """The ids of the bodies the user sits on today, as a subquery (no query of its own)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return BodyMember.objects.none().values("body_id")
    return BodyMember.objects.acting().filter(person__user=user).values("body_id")


def is_body_member(user: Any, body_id: int | None) -> bool:
    return body_id is not None and member_body_ids(user).filter(body_id=body_id).exists()


def body_member_users(body_id: int) -> QuerySet[Any]:
    """The logins of the body's current members."""
    return User.objects.filter(
        is_active=True,
        person__body_memberships__in=BodyMember.objects.acting().filter(body_id=body_id),
    ).distinct()
