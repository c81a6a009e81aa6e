"""Requests per second of the public site's home page and tile map under concurrency 16
over loopback, next to a bare view of the same project that returns one row from the
database (the framework's ceiling), measured in the same run.

Goal: the home page and the map at >= 50% of the ceiling. Their blocks come from the
cache while the site's version (three small aggregates) is unchanged; the page around
them (header, menu) is rendered on every request.
Set BENCH_DATABASE_URL (a database named bench…, created afresh) to measure on PostgreSQL;
BENCH_SECONDS per round (default 5).
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.support.harness import (  # noqa: E402
    check_ok,
    cleanup,
    gunicorn,
    manage,
    median,
    prepare_environment,
    recreate_postgres_database,
    wrk_rps,
)

ASSOCIATIONS = int(os.environ.get("BENCH_ASSOCIATIONS", "100"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
GOAL = 0.5


def main() -> None:
    database_url = os.environ.get("BENCH_DATABASE_URL")
    env = prepare_environment(database_url)
    try:
        if database_url:
            recreate_postgres_database(database_url)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        manage(env, "gen-data", "--associations", str(ASSOCIATIONS))
        engine = "PostgreSQL" if database_url else "SQLite"
        targets = {"ceiling": "/bench/ceiling/", "home": "/", "map": "/map/"}
        results: dict[str, list[float]] = {name: [] for name in targets}
        with gunicorn(env) as base:
            for path in targets.values():
                check_ok(base + path)
                wrk_rps(base + path, seconds=1)  # warm-up
            for _ in range(ROUNDS):
                for name, path in targets.items():
                    results[name].append(wrk_rps(base + path, seconds=SECONDS))
        ceiling = median(results["ceiling"])
        print(f"База: {engine}, землячеств: {ASSOCIATIONS}, параллельных соединений: 16")
        print(f"Потолок (один ряд из базы): {ceiling:8.0f} запросов/с (медиана {ROUNDS} замеров)")
        for name, label in (("home", "Главная /"), ("map", "Карта /map/")):
            rps = median(results[name])
            verdict = "OK" if rps / ceiling >= GOAL else "НИЖЕ ЦЕЛИ"
            print(f"{label:27} {rps:8.0f} запросов/с = {rps / ceiling:.0%} потолка "
                  f"(цель ≥ {GOAL:.0%}) {verdict}")  # fmt: skip
    finally:
        cleanup(env)


if __name__ == "__main__":
    main()
