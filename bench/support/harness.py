"""Shared pieces of the benchmarks: a fresh data directory, a gunicorn server, wrk."""

import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


def prepare_environment(database_url: str | None = None) -> dict[str, str]:
    """A private ZEMLYAKI_DATA (and optional DATABASE_URL) for this benchmark run."""
    env = dict(os.environ)
    data = tempfile.mkdtemp(prefix="zemlyaki-bench-")
    env.update(
        ZEMLYAKI_DATA=data,
        DJANGO_SETTINGS_MODULE="bench.support.settings",
        PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "src"), env.get("PYTHONPATH", "")]),
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    else:
        env.pop("DATABASE_URL", None)
    return env


def recreate_postgres_database(url: str) -> None:
    """Drop and create the database named in a postgresql:// URL (a benchmark's own)."""
    from urllib.parse import urlparse

    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    if not name.startswith("bench"):
        raise SystemExit(f"база для замеров должна называться bench…, а не {name!r}")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")


LOCAL_POSTGRES = "postgresql://postgres@127.0.0.1:5432"


def _postgres_answers(url: str) -> bool:
    from urllib.parse import urlparse

    import psycopg

    admin = urlparse(url)._replace(path="/postgres").geturl()
    try:
        with psycopg.connect(admin, connect_timeout=3):
            return True
    except psycopg.Error:
        return False


def django_on_fresh_postgres(default_name: str) -> str:
    """For a benchmark that runs the ORM in its own process: the PostgreSQL database named
    in BENCH_DATABASE_URL (bench…), by default ``default_name`` on the local server,
    created afresh, and Django set up on it. Without a server that answers, the
    benchmark says so and ends without failing ``make bench``."""
    url = os.environ.get("BENCH_DATABASE_URL") or f"{LOCAL_POSTGRES}/{default_name}"
    if not url.startswith("postgresql://") or "/bench" not in url:
        raise SystemExit(
            "Укажите BENCH_DATABASE_URL=postgresql://…/bench_… (база создаётся заново)"
        )
    if not _postgres_answers(url):
        print(
            f"PostgreSQL по адресу {url} не отвечает: этот замер только для PostgreSQL, пропущен."
        )
        raise SystemExit(0)
    recreate_postgres_database(url)
    os.environ["DATABASE_URL"] = url
    # The test settings whatever ``make`` exports (the development ones): their static
    # files need no collected manifest, which a fresh data folder does not have (the
    # pages the benchmark renders failed on it: «Missing staticfiles manifest entry»).
    os.environ["DJANGO_SETTINGS_MODULE"] = "zemlyaki.settings.test"
    os.environ.setdefault("ZEMLYAKI_DATA", tempfile.mkdtemp(prefix="zemlyaki-bench-"))
    import django

    django.setup()
    return url


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [str(VENV_BIN / "zemlyaki"), *args], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise RuntimeError(f"zemlyaki {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def cleanup(env: dict[str, str]) -> None:
    shutil.rmtree(env["ZEMLYAKI_DATA"], ignore_errors=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(env: dict[str, str], workers: int | None = None) -> Iterator[str]:
    port = _free_port()
    workers = workers or (os.cpu_count() or 2)
    process = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "zemlyaki.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            "--env",
            "DJANGO_SETTINGS_MODULE=bench.support.settings",
        ],  # fmt: skip
        env=env,
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/bench/ceiling/", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not start")
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)


def check_ok(url: str) -> None:
    with urllib.request.urlopen(url, timeout=10) as response:
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status}")


def wrk_rps(url: str, *, seconds: int, connections: int = 16, threads: int = 2) -> float:
    """Requests per second by wrk (loopback only), counting only successful answers."""
    if shutil.which("wrk") is None:
        raise SystemExit("wrk не установлен: apt-get install wrk")
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx" in out or "Socket errors" in out and "timeout" in out:
        bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        if bad and int(bad.group(1)) > 0:
            raise RuntimeError(f"{url}: {bad.group(1)} failed answers\n{out}")
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if not match:
        raise RuntimeError(out)
    return float(match.group(1))


def median(values: list[float]) -> float:
    return statistics.median(values)
