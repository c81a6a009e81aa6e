"""A load run against the production layout of `make prod-check` (scripts/prod_layout.py):
PostgreSQL, Redis, two gunicorn nodes behind the proxy, a db_worker and media on a local
S3 server, with synthetic data (100 associations, 20,000 persons).

wrk sends mixed traffic (bench/support/load.lua) at 50 concurrent connections for
BENCH_LOAD_SECONDS (default 60): the catalogue, association pages, API lists, the expert
search as a leader with a token and public event registrations (each "from" its own
client address, passed by the trusted proxy). It prints requests per second, the
p50/p95/p99 latency and the error count — every answer other than 2xx/3xx and every
socket error — which must be 0 (exit code 1 otherwise).
"""

import json
import os
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "scripts"))

from prod_layout import Layout, LayoutError  # noqa: E402

SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))
CONNECTIONS = int(os.environ.get("BENCH_LOAD_CONNECTIONS", "50"))
ASSOCIATIONS = os.environ.get("BENCH_LOAD_ASSOCIATIONS", "100")
PEOPLE = os.environ.get("BENCH_LOAD_PEOPLE", "20000")
PAGES = ["/associations/", "/api/v1/associations?limit=20", "/api/v1/events?limit=20"]


def run_wrk(layout: Layout, seconds: int) -> dict[str, object]:
    env = dict(
        os.environ,
        LOAD_SLUGS=",".join(layout.fixture["slugs"]),
        LOAD_TOKEN=layout.fixture["leader_token"],
        LOAD_EVENT=str(layout.fixture["event"]),
        LOAD_RUN=uuid.uuid4().hex[:8],  # registrations of each run have their own addresses
    )
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{seconds}s",
            "--timeout",
            "30s",
            "-s",
            str(HERE / "support" / "load.lua"),
            layout.url,
        ],  # fmt: skip
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    match = re.search(r"LOAD_RESULT (\{.*\})", out)
    if not match:
        raise RuntimeError(out)
    return dict(json.loads(match.group(1)))


def main() -> int:
    if shutil.which("wrk") is None:
        print("wrk не установлен: apt-get install wrk", file=sys.stderr)
        return 1
    try:
        with Layout(
            node_workers=3, gen_data=("--associations", ASSOCIATIONS, "--people", PEOPLE)
        ) as layout:
            import urllib.request

            slug = layout.fixture["slugs"][0]
            for path in [*PAGES, f"/associations/{slug}/"]:
                with urllib.request.urlopen(layout.url + path, timeout=30) as answer:
                    if answer.status != 200:
                        raise LayoutError(f"{path} answered {answer.status}")
            run_wrk(layout, 3)  # warm-up: every worker process loads its pages once
            result = run_wrk(layout, SECONDS)
            layout.alive()
    except LayoutError as error:
        print(f"Установка не запустилась / layout failed: {error}", file=sys.stderr)
        return 1
    errors = int(result["http_errors"]) + sum(
        int(result[k]) for k in ("connect", "read", "write", "timeout")
    )
    rps = int(result["requests"]) / float(result["seconds"])
    print(
        f"Смешанная нагрузка: {CONNECTIONS} соединений, {float(result['seconds']):.0f} с, "
        f"два узла gunicorn за прокси, PostgreSQL, Redis, S3"
    )
    print(f"Запросов: {result['requests']}, {rps:.0f} запросов/с")
    print(
        f"Задержка: p50 {result['p50_ms']:.0f} мс, p95 {result['p95_ms']:.0f} мс, "
        f"p99 {result['p99_ms']:.0f} мс (наибольшая {result['max_ms']:.0f} мс)"
    )
    print(f"Ответы по кодам: {result['status']}")
    print(f"Ошибок: {errors}" + ("" if errors == 0 else "  — ЦЕЛЬ НЕ ДОСТИГНУТА (должно быть 0)"))
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
