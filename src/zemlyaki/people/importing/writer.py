"""The writes of applying a list, run while the next batch is prepared (PostgreSQL).

Applying a large list on PostgreSQL is bound by the server: of 12 s for 100,000 rows, the
process's own work took 4 s and waited for the server the rest, and the server waited
for the process while it prepared each batch. Here the statements of a batch (``COPY``
of its persons, memberships, consents and links, its rows' outcomes) run in a thread of
their own on the same connection, in the same transaction, while the task reads and
prepares the next batch through a second connection (``reader``: the rows the preview
has committed, and primary keys from the sequence, which no transaction holds).

Order is kept: the jobs run one after another in the order given, and any statement the
task itself runs on the connection (the matched persons read and saved by the ORM, a
new vocabulary term) first waits until every job given before it is done. A failed job
stops the rest; its error is raised in the task at the next job given, at the next
statement, or when the writer is closed, so the transaction rolls back as before. The
writer's thread has ended before the block is left, whatever happened.

A job shares Django's connection object with the task's thread, and with it the stack
of open ``atomic`` blocks: a job may run the ORM (an ``atomic(savepoint=False)``, as a
deletion opens, pushes and pops nothing that matters), but must not open a savepoint.

Inside a transaction that was open before applying started (a test's, say), the preview's
rows may not be committed and a second connection would not see them: there, and on
SQLite (one writer at a time, and most of its work is the process's own), the jobs run
at once in the caller's thread, with the caller's connection for reading."""

import queue
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections

# Jobs given ahead of the one running: two batches' writes at most wait in memory.
AHEAD = 4
_STOP = object()
# Seconds a thread holds the interpreter lock before the other may take it, while the
# writer runs (``sys.setswitchinterval``).
SWITCH_INTERVAL = 0.0002


class Writer:
    """Runs jobs in order on the caller's connection: in a thread of its own when
    ``concurrent``, else at once."""

    def __init__(self, concurrent: bool) -> None:
        self.concurrent = concurrent
        self.error: BaseException | None = None
        self._jobs: queue.Queue[Any] = queue.Queue(maxsize=AHEAD)
        self._thread: threading.Thread | None = None

    def submit(self, job: Callable[..., Any], *args: Any) -> None:
        if not self.concurrent:
            job(*args)
            return
        self._raise()
        self._jobs.put((job, args))

    def drain(self) -> None:
        """Wait until every job given so far is done; raise the error of a failed one."""
        if self._thread is not None and threading.get_ident() != self._thread.ident:
            self._jobs.join()
            self._raise()

    def _raise(self) -> None:
        if self.error is not None:
            error, self.error = self.error, None
            raise error

    def _run(self, shared: Any) -> None:
        # The connection of this thread is the task's own, shared: the jobs call the
        # same functions as the task would, with the same ``connection``.
        connections[DEFAULT_DB_ALIAS] = shared
        try:
            while True:
                item = self._jobs.get()
                try:
                    if item is _STOP:
                        return
                    if self.error is None:
                        job, args = item
                        job(*args)
                except BaseException as error:  # raised in the task
                    self.error = error
                finally:
                    self._jobs.task_done()
        finally:
            del connections[DEFAULT_DB_ALIAS]

    def _wait_first(self, execute: Any, sql: Any, params: Any, many: Any, context: Any) -> Any:
        self.drain()
        return execute(sql, params, many, context)

    @contextmanager
    def running(self) -> Iterator["Writer"]:
        if not self.concurrent:
            yield self
            return
        shared = connections[DEFAULT_DB_ALIAS]
        shared.inc_thread_sharing()
        self._thread = threading.Thread(
            target=self._run, args=(shared,), name="import-writer", daemon=True
        )
        self._thread.start()
        # The task's thread is busy with Python while the writer's waits for the server:
        # each time the writer's answer comes, it waits for its turn at the interpreter
        # lock, by default up to 5 ms (a list of 100,000 rows: more than a second).
        interval = sys.getswitchinterval()
        sys.setswitchinterval(SWITCH_INTERVAL)
        failed = True
        try:
            with shared.execute_wrapper(self._wait_first):
                yield self
                self._jobs.put(_STOP)
                self._thread.join()
                failed = False
                self._raise()
        finally:
            if failed:
                # The jobs not yet begun are dropped; the one running ends first, so
                # that the transaction is rolled back with nothing else on the line.
                self.error = self.error or RuntimeError("applying stopped")
                self._jobs.put(_STOP)
                self._thread.join()
                self.error = None
            sys.setswitchinterval(interval)
            shared.dec_thread_sharing()
            self._thread = None


@contextmanager
def reader(concurrent: bool) -> Iterator[Any]:
    """The connection the task reads the rows and takes primary keys through: a second
    one of its own when ``concurrent``, else the task's."""
    if not concurrent:
        yield connection
        return
    second = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        yield second
    finally:
        second.close()


def concurrent_writes() -> bool:
    """Whether applying may write in a thread of its own: on PostgreSQL, outside any
    transaction (what the preview wrote is committed)."""
    return connection.vendor == "postgresql" and not connection.in_atomic_block
