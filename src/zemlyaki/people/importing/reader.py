"""The rows of a list read, hashed and parsed for the preview, in a process of its own
for a large file.

Python's work on a file (reading the sheet, the hash and the parse of each row) takes
one core, and the preview's own (looking the rows up in the database, matching, writing
them) about as long. A file of ``ZEMLYAKI_IMPORT_READER_PROCESS_BYTES`` or more is read
by a child process (``fork``: no start-up, the code and the settings are there already)
that sends the rows a batch at a time through a pipe, as JSON (orjson), while the
preview works on the batch before. The pipe holds about one batch, so memory stays
flat. A smaller file, and a system without ``fork``, is read in this process by the same
function. The child never touches the database: it reads the bytes it was given and
leaves as the children of ``multiprocessing`` do (``os._exit``), the connection it
inherited untouched. Nothing it raises is lost: a refusal (an unreadable file, too many
rows) comes back as the same ``ValidationError``, anything else as ``ReadingFailed``
naming the error, and a child that dies is reported as such.
"""

import contextlib
import fcntl
import multiprocessing
import signal
from collections.abc import Iterator
from multiprocessing.connection import Connection
from typing import Any

import orjson
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from zemlyaki.core.progress import error_type

from .matching import _keys
from .reading import _text, row_parser, stream_table
from .rows import BATCH, KEY_FIELDS, row_hasher

# One row as read: [number, hash, data, errors, the cells as text or None, the parse of
# the key fields alone when the row has errors or None] (a list, as JSON gives it back).
# The texts are there for a row in error and for one whose keys an earlier row had:
# every row the preview can put in error (``rows._build_rows``).
Read = list[Any]
# The bytes the pipe to the child holds: a batch of rows as JSON is 0.3–0.6 MB, so the
# child writes the next batch while the preview works on the one before.
PIPE_BYTES = 1024 * 1024


class ReadingFailed(Exception):
    """The child process reading a list stopped on an error, or died."""


def read_batches(
    content: bytes, file_name: str, mapping: dict[str, str], max_rows: int | None = None
) -> Iterator[list[Read]]:
    """The data rows of the file, read, hashed and parsed under ``mapping``, a batch at
    a time; by a child process for a large file (see the module)."""
    limit = settings.ZEMLYAKI_IMPORT_MAX_ROWS if max_rows is None else max_rows
    if len(content) >= settings.ZEMLYAKI_IMPORT_READER_PROCESS_BYTES and _can_fork():
        return _from_child(content, file_name, mapping, limit)
    return _read(content, file_name, mapping, limit)


def _can_fork() -> bool:
    # A daemonic process may not have children of its own.
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and not multiprocessing.current_process().daemon
    )


def _read(
    content: bytes, file_name: str, mapping: dict[str, str], limit: int
) -> Iterator[list[Read]]:
    _headers, table = stream_table(content, file_name, max_rows=limit)
    hasher, parse = row_hasher(mapping), row_parser(mapping)
    parse_keys = row_parser({k: v for k, v in mapping.items() if v in KEY_FIELDS})
    # The keys of every row read so far: more than the preview keeps (it keeps those of
    # the rows it accepts), so a row the preview finds repeated always has its texts.
    seen: set[tuple[str, Any]] = set()
    batch: list[Read] = []
    for number, cells in table:
        data, errors = parse(cells)
        keyed: tuple[dict[str, Any], list[str]] | None = None
        if errors:
            keyed = parse_keys(cells)
            keys = [] if keyed[1] else _keys(keyed[0])
        else:
            keys = _keys(data)
        repeated = False
        for key in keys:
            if key in seen:
                repeated = True
            else:
                seen.add(key)
        texts = [_text(c) for c in cells] if errors or repeated else None
        batch.append([number, hasher(cells), data, errors, texts, keyed])
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _from_child(
    content: bytes, file_name: str, mapping: dict[str, str], limit: int
) -> Iterator[list[Read]]:
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    # Above the system's limit the pipe stays as it is: a little less overlap.
    with contextlib.suppress(OSError):
        fcntl.fcntl(sender.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    child = context.Process(
        target=_child,
        args=(sender, content, file_name, mapping, limit),
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
    sender: Connection, content: bytes, file_name: str, mapping: dict[str, str], limit: int
) -> None:
    """The child process: every batch, then the end or what stopped it."""
    # The worker's own handlers (a graceful stop of its task) are not the child's.
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, signal.SIG_DFL)
    try:
        for batch in _read(content, file_name, mapping, limit):
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
