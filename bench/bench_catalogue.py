"""Requests per second of the catalogue page and of GET /api/v1/associations under
concurrency 16 over loopback, next to a bare view of the same project that returns one
row from the database (the framework's ceiling), measured in the same run.

Goal: the API list at >= 60% of the ceiling, the catalogue page at >= 80%.

Both lists serve their results from the cache while the data's version (one aggregate
query, answered by the database on every request) is unchanged, as they do in production;
the full page (header, filter form) is rendered on every request.
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
        targets = {
            "ceiling": "/bench/ceiling/",
            "api": "/api/v1/associations",
            "catalogue": "/associations/",
        }
        results: dict[str, list[float]] = {name: [] for name in targets}
        with gunicorn(env) as base:
            for path in targets.values():
                check_ok(base + path)
                wrk_rps(base + path, seconds=1)  # warm-up
            for _ in range(ROUNDS):
                for name, path in targets.items():
                    results[name].append(wrk_rps(base + path, seconds=SECONDS))
        ceiling = median(results["ceiling"])
        api = median(results["api"])
        catalogue = median(results["catalogue"])
        print(f"База: {engine}, землячеств: {ASSOCIATIONS}, параллельных соединений: 16")
        print(f"Потолок (один ряд из базы): {ceiling:8.0f} запросов/с (медиана {ROUNDS} замеров)")
        print(
            f"GET /api/v1/associations:   {api:8.0f} запросов/с = {api / ceiling:.0%} потолка "
            f"(цель ≥ 60%) {'OK' if api / ceiling >= 0.6 else 'НИЖЕ ЦЕЛИ'}"
        )
        print(
            f"Каталог /associations/:     {catalogue:8.0f} запросов/с = {catalogue / ceiling:.0%} "
            f"потолка (цель ≥ 80%) {'OK' if catalogue / ceiling >= 0.8 else 'НИЖЕ ЦЕЛИ'}"
        )
    finally:
        cleanup(env)


if __name__ == "__main__":
    main()
