"""Where applying a member list spends its time: each phase of ``importing.applying``
(wall and CPU time of this process, all its threads), the time of the statements of each
kind as the client waits for them (an execute wrapper; ``COPY`` timed around
``insert_prepared``), the commit, in which PostgreSQL checks the deferred foreign keys,
and on PostgreSQL how long the task waited for room in the writer's queue (the writer is
behind) and for the writer's jobs before its own statements.

``BENCH_IMPORT_DB=postgresql|sqlite python bench/profile_people_import.py [rows]``;
with ``PROFILE_AGAIN=1``, the applying of the same file imported once more.
(the database of ``bench_people_import``, cleaned first as the benchmark does)."""

import collections
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import bench_people_import as benchmark  # noqa: E402

SPENT: dict[str, list[float]] = collections.defaultdict(lambda: [0.0, 0.0, 0])


def timed(name: str, function: Any) -> Any:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent = SPENT[name]
            spent[0] += time.perf_counter() - wall
            spent[1] += time.process_time() - cpu
            spent[2] += 1

    return wrapper


def statement_kind(sql: str) -> str:
    words = re.findall(r'[A-Za-z_]+|"[^"]+"', sql[:300])
    verb = words[0].upper() if words else "?"
    table = next((w for w in words if w.startswith('"')), "")
    return f"SQL {verb} {table}"


def child(rows: int) -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection, connections

    from zemlyaki.people import importing
    from zemlyaki.people.importing import applying
    from zemlyaki.registry.models import Association

    phases = ("_warm_up", "prematch", "_create_persons", "_update_matched", "_insert_links")
    for name in (*phases, "_write_outcomes", "_row_batches"):
        setattr(applying, name, timed(name, getattr(applying, name)))
    from zemlyaki.people.importing import writes

    insert_prepared = writes.insert_prepared

    def insert_timed(prepared: Any) -> None:
        timed(f"COPY {prepared.table}", insert_prepared)(prepared)

    writes.insert_prepared = insert_timed
    from zemlyaki.people.importing import writer as writer_module

    put = writer_module.queue.Queue.put

    def put_timed(self: Any, item: Any, *args: Any, **kwargs: Any) -> None:
        timed("writer: waiting for room", put)(self, item, *args, **kwargs)

    writer_module.queue.Queue.put = put_timed  # type: ignore[method-assign]
    join = writer_module.queue.Queue.join
    writer_module.queue.Queue.join = timed("writer: waiting for the jobs", join)  # type: ignore[method-assign]
    backend = type(connections["default"])
    backend._commit = timed("commit", backend._commit)  # type: ignore[method-assign]

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        return timed(statement_kind(sql), execute)(sql, params, many, context)

    association = Association.objects.order_by("pk").first()
    user, _ = get_user_model().objects.get_or_create(
        username="bench-coordinator", defaults={"role": "coordinator"}
    )
    content = benchmark.make_xlsx(rows)

    def once() -> tuple[float, float]:
        started = time.perf_counter()
        member_import = importing.import_create(
            actor=user, association=association, file_name="list.xlsx", content=content
        )
        preview = time.perf_counter() - started
        SPENT.clear()
        started = time.perf_counter()
        with connection.execute_wrapper(wrapper):
            importing.import_commit(actor=user, member_import=member_import, on_match="fill")
        return preview, time.perf_counter() - started

    preview, apply = once()
    if os.environ.get("PROFILE_AGAIN"):
        # The same file once more: the re-import of an unchanged list is profiled.
        print(f"{connection.vendor}, первая загрузка: {preview:.2f} + {apply:.2f} с")
        preview, apply = once()
    print(f"{connection.vendor}: предпросмотр {preview:.2f} с, применение {apply:.2f} с")
    print(f"{'часть':<48} {'стена, с':>9} {'процессор, с':>13} {'раз':>7}")
    for name, (wall, cpu, count) in sorted(SPENT.items(), key=lambda item: -item[1][0]):
        if wall >= 0.02:
            print(f"{name[:48]:<48} {wall:>9.2f} {cpu:>13.2f} {count:>7}")


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(int(sys.argv[2]))
        return 0
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    database = os.environ.get("BENCH_IMPORT_DB", "postgresql")
    with tempfile.TemporaryDirectory(prefix="profile-import-") as data:
        env = benchmark.child_env(data, database)
        for step in (["--clean"], ["--child", str(rows)]):
            script = benchmark.__file__ if step[0] == "--clean" else __file__
            done = subprocess.run([sys.executable, script, *step], env=env).returncode
            if done:
                return done
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
