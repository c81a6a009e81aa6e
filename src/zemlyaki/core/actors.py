"""Who acts in a service: the signed-in user, an anonymous visitor, or nobody (a command,
a scheduled task, a test). Services take ``actor: Actor | None`` and record the actor
only when signed in (``core.services.audit_record``)."""

from typing import Any, Protocol


class Actor(Protocol):
    """What a service may ask of its actor; ``accounts.User`` and Django's
    ``AnonymousUser`` both answer it."""

    @property
    def pk(self) -> Any: ...

    @property
    def is_authenticated(self) -> bool: ...
