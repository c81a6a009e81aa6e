"""The actor of a service as the value of a user foreign key."""

from zemlyaki.core.actors import Actor

from .models import User


def acting_user(actor: Actor | None) -> User | None:
    """The signed-in user who acts, or None (an anonymous visitor, a command, a task)."""
    if actor is not None and actor.is_authenticated and isinstance(actor, User):
        return actor
    return None
