"""Files written to storage inside a transaction that then rolls back.

The rows go with the rollback, the written files would stay on the disk (or in the
bucket) with nothing pointing at them. A caller that writes files as part of a larger
change wraps it in :func:`discarded_on_failure`; the code that saves a file calls
:func:`written` with it, and on an exception the files written inside are deleted.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

_written: ContextVar[list[tuple[Any, str]] | None] = ContextVar("written_blobs", default=None)


def written(field_file: Any) -> None:
    """Note a file just saved, for the enclosing :func:`discarded_on_failure`, if any."""
    files = _written.get()
    if files is not None and field_file.name:
        files.append((field_file.storage, field_file.name))


@contextmanager
def discarded_on_failure() -> Iterator[None]:
    files: list[tuple[Any, str]] = []
    token = _written.set(files)
    try:
        yield
    except BaseException:
        for storage, name in files:
            storage.delete(name)
        raise
    finally:
        _written.reset(token)
