"""Memory of the web workers: 1 000 mixed requests (pages and API, anonymous and signed
in) against gunicorn, then each worker's resident memory, read from outside the worker
(``/proc/<pid>/status``), beside the same figure right after start.

Goal: every worker ≤ 150 MB, and natasha never loaded in a web worker. Natasha's models
are read into memory, not mapped from their files, so no file of theirs shows in
``/proc/<pid>/maps``; what shows is their size: a reference process measures what
loading the pipeline adds (about 130 MB), and a worker must not grow by half of it.
The maps of each worker are searched for natasha's files all the same.

BENCH_WORKER_REQUESTS (1 000), BENCH_WORKERS (2), BENCH_DATABASE_URL (a PostgreSQL
database named bench…, created afresh; SQLite by default).
"""

import os
import re
import subprocess
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.support.harness import (  # noqa: E402
    ROOT,
    VENV_BIN,
    cleanup,
    gunicorn,
    manage,
    prepare_environment,
    recreate_postgres_database,
)

REQUESTS = int(os.environ.get("BENCH_WORKER_REQUESTS", "1000"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
LIMIT_MB = 150
NATASHA_FILES = re.compile(r"natasha|navec|slovnet")

# A signed-in coordinator's session and API token, made in the benchmark's database.
SETUP = """
from django.contrib.auth import get_user_model
from django.test import Client
from zemlyaki.accounts.services import token_create
user, _ = get_user_model().objects.get_or_create(
    username="bench-memory", defaults={"role": "coordinator"}
)
client = Client()
client.force_login(user)
_token, key = token_create(user=user, name="bench")
print(client.cookies["sessionid"].value, key)
"""

# What loading natasha's pipeline adds to a process of this project.
REFERENCE = """
import re, django
django.setup()
def rss():
    return int(re.search(r"VmRSS:\\s+(\\d+)", open("/proc/self/status").read())[1]) // 1024
before = rss()
from zemlyaki.reports.nlp import pipeline
pipeline()
print(rss() - before)
"""

ANONYMOUS_PAGES = ["/", "/associations/", "/associations/?q=%D0%B7", "/events/"]
ANONYMOUS_API = ["/api/v1/associations", "/api/v1/regions", "/api/v1/competencies"]
SIGNED_IN_PAGES = [
    "/",
    "/people/?q=" + quote("юрист"),
    "/people/?q=" + quote("врачи") + "&page=2",
    "/people/?q=" + quote("корпоративное право"),
    "/reports/",
    "/reports/analysis/",
    "/reports/search/?q=" + quote("молодёжь"),
    "/associations/",
]
TOKEN_API = ["/api/v1/people?q=" + quote("инженер"), "/api/v1/people?q=" + quote("юрист")]


def worker_pids(port: int) -> list[int]:
    """The gunicorn workers serving ``port``: the children of its master."""
    master = None
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if any(b"gunicorn" in part for part in cmdline) and f"127.0.0.1:{port}".encode() in cmdline:
            master = int(entry.name)
            break
    if master is None:
        raise RuntimeError("gunicorn master not found")
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return sorted(int(pid) for pid in children)


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+)", status)[1]) / 1024  # type: ignore[index]


def natasha_mapped(pid: int) -> list[str]:
    maps = Path(f"/proc/{pid}/maps").read_text().splitlines()
    return sorted({line.split()[-1] for line in maps if NATASHA_FILES.search(line)})


def fetch(url: str, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, headers={"Host": "127.0.0.1", **headers})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def main() -> int:
    database_url = os.environ.get("BENCH_DATABASE_URL")
    env = prepare_environment(database_url)
    try:
        if database_url:
            recreate_postgres_database(database_url)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        manage(env, "gen-data", "--associations", "30")
        manage(env, "gen-data", "--people", "5000")
        session, token = manage(env, "shell", "-c", SETUP).strip().splitlines()[-1].split()
        natasha_mb = int(
            subprocess.run(
                [str(VENV_BIN / "python"), "-c", REFERENCE],
                env=env, cwd=ROOT, capture_output=True, text=True, check=True,
            ).stdout.split()[-1]
        )  # fmt: skip
        cookie = {"Cookie": f"sessionid={session}"}
        bearer = {"Authorization": f"Bearer {token}"}
        kinds = [
            *((path, {}) for path in ANONYMOUS_PAGES),
            *((path, {}) for path in ANONYMOUS_API),
            *((path, cookie) for path in SIGNED_IN_PAGES),
            *((path, bearer) for path in TOKEN_API),
        ]
        plan = [kinds[i % len(kinds)] for i in range(REQUESTS)]
        engine = "PostgreSQL" if database_url else "SQLite"
        with gunicorn(env, workers=WORKERS) as base:
            port = int(base.rsplit(":", 1)[1])
            pids = worker_pids(port)
            started = {pid: rss_mb(pid) for pid in pids}
            with ThreadPoolExecutor(max_workers=WORKERS * 2) as pool:
                statuses = list(pool.map(lambda item: fetch(base + item[0], item[1]), plan))
            after = {pid: rss_mb(pid) for pid in pid_list(port, pids)}
            mapped = {pid: natasha_mapped(pid) for pid in after}
        bad = sorted(
            {path for (path, _h), status in zip(plan, statuses, strict=True) if status != 200}
        )
        print(f"База: {engine}; воркеров gunicorn: {len(pids)}; запросов: {len(plan)}")
        print(f"  страницы и API, анонимно и с входом; не 200: {bad or 'нет'}")
        print(f"  natasha в отдельном процессе добавляет {natasha_mb} МБ (база для сравнения)")
        ok = not bad
        for pid, mb in after.items():
            grown = mb - started.get(pid, mb)
            fits = mb <= LIMIT_MB and grown < natasha_mb / 2 and not mapped[pid]
            ok &= fits
            print(
                f"  воркер {pid}: RSS после старта {started.get(pid, 0):.0f} МБ, после запросов"
                f" {mb:.0f} МБ (+{grown:.0f} МБ), файлы natasha в maps: {mapped[pid] or 'нет'}"
                f" — {'OK' if fits else 'НИЖЕ ЦЕЛИ'}"
            )
        print(
            f"Цель: каждый воркер ≤ {LIMIT_MB} МБ и natasha не загружена"
            f" (рост < {natasha_mb / 2:.0f} МБ): {'достигнута' if ok else 'не достигнута'}"
        )
        return 0 if ok else 1
    finally:
        cleanup(env)


def pid_list(port: int, known: list[int]) -> list[int]:
    """The workers now (a worker restarted during the run would be a new process)."""
    now = worker_pids(port)
    if now != known:
        print(f"  воркеры сменились во время замера: {known} → {now}")
    return now


if __name__ == "__main__":
    raise SystemExit(main())
