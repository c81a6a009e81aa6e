"""Progress of background work that a person waits for on a page (a report's analysis, a
member list's import).

The task writes its progress in short updates of their own, each with the moment it was
written (``progress_at``), outside any transaction of the work, so that the page polling
the status sees it move. Work that has not moved for longer than its setting allows was
left by a worker that stopped: the page says so instead of waiting for good.
"""

import datetime
from typing import Any

from django.utils import timezone


def progress_update(model: Any, pk: int, **fields: Any) -> None:
    """One short update of the object's state, stamped with the moment it moved: outside
    a transaction it is committed at once."""
    model._default_manager.filter(pk=pk).update(progress_at=timezone.now(), **fields)


def is_stalled(progress_at: datetime.datetime | None, *, minutes: int) -> bool:
    """The work has not moved for more than ``minutes``: its worker stopped."""
    if progress_at is None:
        return False
    return progress_at < timezone.now() - datetime.timedelta(minutes=minutes)


def error_type(exc: BaseException) -> str:
    """The class of an exception as Python names it: «struct.error», «KeyError»."""
    cls = type(exc)
    module = cls.__module__
    return cls.__qualname__ if module == "builtins" else f"{module}.{cls.__qualname__}"
