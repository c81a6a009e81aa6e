"""Where the expert search spends its time, per benchmark query: wall time, the
process's CPU time (``time.process_time``), the time spent waiting for the database
(each SQL statement timed by an execute wrapper) and the number of statements; with
``--cprofile`` also the top functions by cumulative time.

``BENCH_PG_URL=... python bench/profile_people_search.py [--cprofile] [query number]``
(the database of ``bench_people_search``; ``DATABASE_URL``, when set, is used instead,
a SQLite file among others)."""

import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/bench_people")
REPEAT = int(os.environ.get("BENCH_REPEAT", "15"))


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zemlyaki.settings.dev")
    os.environ.setdefault("DATABASE_URL", PG_URL)
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection

    from zemlyaki.people import gendata, selectors

    args = sys.argv[1:]
    profile = "--cprofile" in args
    only = [int(a) for a in args if a.isdigit()]
    user = get_user_model().objects.get(username="bench-coordinator")
    queries = gendata.benchmark_queries()
    db = {"time": 0.0, "n": 0}

    def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        t = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            db["time"] += time.perf_counter() - t
            db["n"] += 1

    def run(filters: dict) -> None:
        qs, terms = selectors.person_search(user=user, **filters)
        page = selectors.search_page(qs, 1, terms=terms)
        for person in page:
            list(person.competencies.all())
            list(person.memberships.all())

    print(
        f"{'запрос':<40} {'стенные p50':>11} {'ЦП p50':>7} {'база p50':>9} {'Python':>7} {'SQL':>4}"
    )
    with connection.execute_wrapper(timed):
        for number, filters in enumerate(queries, start=1):
            if only and number not in only:
                continue
            run(filters)
            walls, cpus, dbs, pys = [], [], [], []
            profiler = cProfile.Profile() if profile else None
            for _ in range(REPEAT):
                db.update(time=0.0, n=0)
                w, c = time.perf_counter(), time.process_time()
                if profiler:
                    profiler.enable()
                run(filters)
                if profiler:
                    profiler.disable()
                w, c = time.perf_counter() - w, time.process_time() - c
                walls.append(w * 1000)
                cpus.append(c * 1000)
                dbs.append(db["time"] * 1000)
                pys.append((w - db["time"]) * 1000)
            label = ", ".join(f"{k}={v}" for k, v in filters.items())
            med = statistics.median
            print(
                f"{label[:40]:<40} {med(walls):>9.1f}мс {med(cpus):>5.1f}мс {med(dbs):>7.1f}мс"
                f" {med(pys):>5.1f}мс {db['n']:>4}",
                flush=True,
            )
            if profiler:
                pstats.Stats(profiler).sort_stats(
                    os.environ.get("BENCH_SORT", "cumulative")
                ).print_stats(25)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
