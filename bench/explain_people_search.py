"""EXPLAIN (ANALYZE, BUFFERS) of every SQL query the expert search runs for the ten
benchmark queries, on the PostgreSQL database of ``bench_people_search``.

``BENCH_PG_URL=... python bench/explain_people_search.py [query number]``; prints each
query's SQL, its time and its plan (used for docs/performance.md)."""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/bench_people")


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zemlyaki.settings.dev")
    os.environ["DATABASE_URL"] = PG_URL
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zemlyaki.people import gendata, selectors

    user = get_user_model().objects.get(username="bench-coordinator")
    queries = gendata.benchmark_queries()
    only = [int(a) for a in sys.argv[1:]]
    for number, filters in enumerate(queries, start=1):
        if only and number not in only:
            continue
        qs, terms = selectors.person_search(user=user, **filters)
        selectors.search_page(qs, 1, terms=terms)  # warm up
        with CaptureQueriesContext(connection) as captured:
            t = time.perf_counter()
            page = selectors.search_page(qs, 1, terms=terms)
            for person in page:
                list(person.competencies.all())
                list(person.memberships.all())
            total = (time.perf_counter() - t) * 1000
        print(f"\n##### {number}. {filters}: {total:.1f} ms, {len(captured)} queries")
        with connection.cursor() as cursor:
            for query in captured.captured_queries:
                sql = query["sql"]
                if not sql.lstrip().upper().startswith("SELECT"):
                    continue
                print(f"\n-- {query['time']} s: {sql[:600]}")
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                print("\n".join(row[0] for row in cursor.fetchall()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
