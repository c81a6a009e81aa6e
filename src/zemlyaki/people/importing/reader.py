"""The rows of a list read for the preview: each recognised as unchanged since the last
import by its hash, or parsed and checked for repeats within the file; in a process of
its own for a large file.

Python's work on a file (reading the sheet, the hash and the parse of each row) takes
one core, and the preview's own (matching the rows against the database, writing them)
about as long. A file of ``ZEMLYAKI_IMPORT_READER_PROCESS_BYTES`` or more is read by a
child process (``fork``: no start-up, the code and the settings are there already) that
sends the rows a batch at a time through a pipe, as JSON (orjson), while the preview
works on the batch before. The pipe holds about one batch. The child cannot ask the
database which rows are unchanged: it is given the import hashes of the association's
members, read by one query before it starts (``rows.unchanged_snapshot``; memory that
grows with the association, not with the file). A smaller file, and a system without
``fork``, is read in this process by the same function, asking the database a batch at
a time (``rows.unchanged_members``). The child never touches the database: it reads the
bytes it was given and leaves as the children of ``multiprocessing`` do (``os._exit``),
the connection it inherited untouched, and leaves what it inherited out of its garbage
collections (``gc.freeze``). Nothing it raises is lost: a refusal (an
unreadable file, too many rows) comes back as the same ``ValidationError``, anything
else as ``ReadingFailed`` naming the error, and a child that dies is reported as such.
"""

import contextlib
import fcntl
import gc
import multiprocessing
import signal
from collections.abc import Callable, Generator
from multiprocessing.connection import Connection
from typing import Any

import orjson
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from zemlyaki.core.progress import error_type

from .matching import _keys
from .reading import _text, row_parser, stream_table
from .rows import KEY_FIELDS, _batches, row_hasher, unchanged_members, unchanged_snapshot

# One row as read: [number, data, errors, the member it is unchanged for or None] (a
# list, as JSON gives it back). An unchanged row's data are its key fields and its hash;
# a row in error has the texts of its cells under «_raw»; the others are to be matched.
Read = list[Any]
Lookup = Callable[[list[str]], dict[str, int]]
# The bytes the pipe to the child holds: a batch of rows as JSON is 0.3–0.5 MB, so the
# child writes the next batch while the preview works on the one before.
PIPE_BYTES = 1024 * 1024


class ReadingFailed(Exception):
    """The child process reading a list stopped on an error, or died."""


def read_batches(
    content: bytes,
    file_name: str,
    mapping: dict[str, str],
    association_id: int,
    max_rows: int | None = None,
) -> Generator[list[Read], None, None]:
    """The data rows of the file for the preview of an import into the association, a
    batch at a time; by a child process for a large file (see the module)."""
    limit = settings.ZEMLYAKI_IMPORT_MAX_ROWS if max_rows is None else max_rows
    if len(content) >= settings.ZEMLYAKI_IMPORT_READER_PROCESS_BYTES and _can_fork():
        members = unchanged_snapshot(association_id)
        return _from_child(content, file_name, mapping, limit, _known(members))
    return _read(content, file_name, mapping, limit, _asking(association_id))


def _known(members: dict[str, int]) -> Lookup:
    return lambda hashes: {h: members[h] for h in hashes if h in members}


def _asking(association_id: int) -> Lookup:
    return lambda hashes: unchanged_members(association_id, hashes)


def _can_fork() -> bool:
    # A daemonic process may not have children of its own.
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and not multiprocessing.current_process().daemon
    )


def _read(
    content: bytes, file_name: str, mapping: dict[str, str], limit: int, lookup: Lookup
) -> Generator[list[Read], None, None]:
    _headers, table = stream_table(content, file_name, max_rows=limit)
    hasher, parse = row_hasher(mapping), row_parser(mapping)
    # An unchanged row is read only for what tells one person from another: the repeats
    # within the file are found as before, and the preview shows who it is.
    parse_keys = row_parser({k: v for k, v in mapping.items() if v in KEY_FIELDS})
    seen: dict[tuple[str, Any], int] = {}
    for batch in _batches(table):
        hashes = [hasher(cells) for _number, cells in batch]
        same = lookup(hashes)
        rows: list[Read] = []
        for (number, cells), digest in zip(batch, hashes, strict=True):
            if digest in same:
                data, errors = parse_keys(cells)
                keys = [] if errors else _keys(data)
                if keys and seen.keys().isdisjoint(keys):
                    seen.update(dict.fromkeys(keys, number))
                    data["_hash"] = digest
                    rows.append([number, data, [], same[digest]])
                    continue
            data, errors = parse(cells)
            if not errors:
                keys = _keys(data)
                for key in keys:
                    if key in seen:
                        errors.append(_("Повтор строки %(n)s.") % {"n": seen[key]})
                        break
                else:
                    for key in keys:
                        seen[key] = number
                    data["_hash"] = digest
            if errors:
                data = {**data, "_raw": [_text(c) for c in cells]}
            rows.append([number, data, errors, None])
        yield rows


def _from_child(
    content: bytes, file_name: str, mapping: dict[str, str], limit: int, lookup: Lookup
) -> Generator[list[Read], None, None]:
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    # Above the system's limit the pipe stays as it is: a little less overlap.
    with contextlib.suppress(OSError):
        fcntl.fcntl(sender.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    child = context.Process(
        target=_child,
        args=(sender, content, file_name, mapping, limit, lookup),
        name="member-list-reader",
        daemon=True,
    )
    child.start()
    sender.close()
    try:
        while True:
            try:
                message = orjson.loads(receiver.recv_bytes())
            except EOFError:
                child.join()
                raise ReadingFailed(
                    _("процесс чтения файла завершился без ответа (код %(code)s)")
                    % {"code": child.exitcode}
                ) from None
            if isinstance(message, list):
                yield message
            elif "invalid" in message:
                raise ValidationError(message["invalid"], code=message["code"])
            elif "failed" in message:
                raise ReadingFailed(f"{message['failed']}: {message['detail']}")
            else:
                return
    finally:
        receiver.close()
        if child.is_alive():  # the preview stopped early: the rest is not needed
            child.terminate()
        child.join()


def _child(
    sender: Connection,
    content: bytes,
    file_name: str,
    mapping: dict[str, str],
    limit: int,
    lookup: Lookup,
) -> None:
    """The child process: every batch, then the end or what stopped it."""
    # What the child was born with is left out of its garbage collections: a collection
    # walks every object it tracks, and touching the parent's would copy their pages
    # (a worker holds much after an import: a re-import's reading took 1.5× the time).
    gc.freeze()
    # The worker's own handlers (a graceful stop of its task) are not the child's.
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, signal.SIG_DFL)
    try:
        for batch in _read(content, file_name, mapping, limit, lookup):
            sender.send_bytes(orjson.dumps(batch))
        end: dict[str, Any] = {"end": True}
    except ValidationError as error:
        messages = (
            {k: [str(m) for m in v] for k, v in error.message_dict.items()}
            if hasattr(error, "error_dict")
            else [str(m) for m in error.messages]
        )
        end = {"invalid": messages, "code": getattr(error, "code", None)}
    except Exception as error:  # handed to the parent, which reports it
        end = {"failed": error_type(error), "detail": str(error)[:300]}
    try:
        sender.send_bytes(orjson.dumps(end))
    finally:
        sender.close()
