"""Expert search: p50 and p95 of ten typical queries next to the bare full-text query.

Sets up its own databases: a temporary SQLite file (BENCH_PEOPLE_SQLITE persons, 100 000
by default) and, when PostgreSQL answers, the database ``bench_people``
(BENCH_PEOPLE_PG persons, 200 000 by default; the goal is stated for 1 000 000:
``BENCH_PEOPLE_PG=1000000 make bench BENCH_ARGS=people_search``). The PostgreSQL data is
kept between runs and reused when it already has the asked number of persons.

Goal: p95 ≤ 50 ms on PostgreSQL at one million, and ≤ 1.5× the bare query.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
REPEAT = int(os.environ.get("BENCH_REPEAT", "15"))
PG_URL = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/bench_people")


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    index = min(len(values) - 1, max(0, round(p / 100 * len(values) + 0.5) - 1))
    return values[index]


def child(db_label: str, n: int) -> None:
    """Runs inside a process whose environment points at one database."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from zemlyaki.people import selectors
    from zemlyaki.people.models import Competency, Person
    from zemlyaki.registry.models import Association

    call_command("migrate", verbosity=0)
    have = Person.objects.count()
    if have != n:
        if have:
            print(f"[{db_label}] в базе {have} участников, нужно {n}: пересоздаю", flush=True)
            with connection.cursor() as cursor:
                for table in (
                    "people_consent",
                    "people_person_competencies",
                    "people_person_interests",
                    "people_membership",
                    "people_person",
                ):
                    cursor.execute(f"DELETE FROM {table}")
        if not Association.objects.exists():
            call_command("gen-data", associations=100, verbosity=0)
        started = time.perf_counter()
        import io

        call_command("gen-data", people=n, stdout=io.StringIO())
        print(
            f"[{db_label}] создано {n} участников за {time.perf_counter() - started:.1f} с",
            flush=True,
        )
    coordinator, _ = get_user_model().objects.get_or_create(
        username="bench-coordinator", defaults={"role": "coordinator"}
    )
    surgery = Competency.objects.get(name="Хирургия").pk
    slug = Association.objects.order_by("pk").values_list("slug", flat=True).first()
    queries = [
        {"q": "юрист"},
        {"q": "врачи"},
        {"q": "программиста"},
        {"q": "экономист"},
        {"q": "корпоративное право"},
        {"q": "учитель", "region": "68"},
        {"competency": surgery},
        {"q": "журналисты", "initiative": True},
        {"q": "инженер", "expert": True},
        {"q": "архитектор", "association": slug},
    ]

    def run_search(filters: dict) -> int:
        qs, terms = selectors.person_search(user=coordinator, **filters)
        page = selectors.search_page(qs, 1, terms=terms)
        for person in page:  # what the results page reads
            list(person.competencies.all())
            list(person.memberships.all())
        return page.paginator.count

    cap = selectors.SEARCH_COUNT_LIMIT

    def run_bare(filters: dict, capped: bool = False) -> int:
        """The database query the search stands on: the full-text match, its count and
        the first page of ids, with nothing else. ``capped`` counts as the search does,
        up to SEARCH_COUNT_LIMIT + 1 matches."""
        terms = selectors.search_terms(filters.get("q", ""))
        with connection.cursor() as cursor:
            if terms:
                if connection.vendor == "postgresql":
                    where, params = selectors.FTS_SQL, [selectors.tsquery(terms)]
                else:
                    compiled = (
                        Person.objects.filter(selectors._like_q(terms, "search_text"))
                        .only("pk")
                        .query
                    )
                    sql, params = compiled.sql_with_params()
                    where = sql.split(" WHERE ", 1)[1]
                    params = list(params)
                limit = f" LIMIT {cap + 1}" if capped else ""
                cursor.execute(
                    f'SELECT count(*) FROM (SELECT 1 FROM "people_person" WHERE {where}{limit}) s',
                    params,
                )
                count = cursor.fetchone()[0]
                cursor.execute(f'SELECT "id" FROM "people_person" WHERE {where} LIMIT 20', params)
            else:
                limit = f" LIMIT {cap + 1}" if capped else ""
                cursor.execute(
                    "SELECT count(*) FROM (SELECT 1 FROM people_person_competencies"
                    f" WHERE competency_id = %s{limit}) s",
                    [filters["competency"]],
                )
                count = cursor.fetchone()[0]
                cursor.execute(
                    "SELECT person_id FROM people_person_competencies WHERE competency_id = %s LIMIT 20",
                    [filters["competency"]],
                )
            cursor.fetchall()
        return count

    for filters in queries:  # warm up caches and lemmas
        run_search(filters)
        run_bare(filters)
        run_bare(filters, capped=True)
    search_times: list[float] = []
    bare_times: list[float] = []
    capped_times: list[float] = []
    print(
        f"[{db_label}] N = {n} участников; по {REPEAT} повторов каждого из {len(queries)} запросов",
        flush=True,
    )
    print(f"{'запрос':<45} {'найдено':>9} {'поиск p50':>10} {'голый p50':>10} {'голый≤предел':>12}")
    for filters in queries:
        mine, bare, bare_capped = [], [], []
        found = 0
        for _ in range(REPEAT):
            t = time.perf_counter()
            found = run_search(filters)
            mine.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            run_bare(filters)
            bare.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            run_bare(filters, capped=True)
            bare_capped.append((time.perf_counter() - t) * 1000)
        search_times += mine
        bare_times += bare
        capped_times += bare_capped
        label = ", ".join(f"{k}={v}" for k, v in filters.items())
        print(
            f"{label[:45]:<45} {found:>9} {statistics.median(mine):>8.1f}мс"
            f" {statistics.median(bare):>8.1f}мс {statistics.median(bare_capped):>10.1f}мс"
        )
    s50, s95 = statistics.median(search_times), pct(search_times, 95)
    b50, b95 = statistics.median(bare_times), pct(bare_times, 95)
    print(f"[{db_label}] поиск экспертов: p50 {s50:.1f} мс, p95 {s95:.1f} мс")
    print(f"[{db_label}] голый полнотекстовый запрос: p50 {b50:.1f} мс, p95 {b95:.1f} мс")
    c50, c95 = statistics.median(capped_times), pct(capped_times, 95)
    print(
        f"[{db_label}] голый запрос со счётом до {cap + 1} (как считает поиск):"
        f" p50 {c50:.1f} мс, p95 {c95:.1f} мс"
    )
    print(
        f"[{db_label}] отношение p95 поиск/голый: {s95 / b95:.2f}× (цель ≤ 1.5×); p50: {s50 / b50:.2f}×"
    )
    print(
        f"[{db_label}] отношение p95 поиск/голый со счётом до предела: {s95 / c95:.2f}×;"
        f" p50: {s50 / c50:.2f}×"
    )
    if db_label == "PostgreSQL":
        verdict = "достигнута" if s95 <= 50 and s95 / b95 <= 1.5 else "не достигнута"
        print(f"[{db_label}] цель p95 ≤ 50 мс при N = {n}: {verdict}", flush=True)


def postgres_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=3, autocommit=True
        ) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = 'bench_people'"
            ).fetchone()
            if not exists:
                conn.execute("CREATE DATABASE bench_people TEMPLATE template0 ENCODING 'UTF8'")
        return True
    except Exception as exc:  # noqa: BLE001
        print(f"PostgreSQL недоступен ({exc}); замер только на SQLite.")
        return False


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(sys.argv[2], int(sys.argv[3]))
        return 0
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "zemlyaki.settings.dev",
        "PYTHONPATH": str(ROOT / "src"),
    }
    env.pop("DATABASE_URL", None)
    rc = 0
    with tempfile.TemporaryDirectory(prefix="bench-people-") as data:
        n_sqlite = int(os.environ.get("BENCH_PEOPLE_SQLITE", "100000"))
        sqlite_env = {**env, "ZEMLYAKI_DATA": data}
        rc |= subprocess.run(
            [sys.executable, __file__, "--child", "SQLite", str(n_sqlite)], env=sqlite_env
        ).returncode
        if postgres_available():
            n_pg = int(os.environ.get("BENCH_PEOPLE_PG", "200000"))
            pg_env = {**env, "ZEMLYAKI_DATA": data, "DATABASE_URL": PG_URL}
            rc |= subprocess.run(
                [sys.executable, __file__, "--child", "PostgreSQL", str(n_pg)], env=pg_env
            ).returncode
    return rc


if __name__ == "__main__":
    raise SystemExit(main())
