"""The production layout on one machine, for `make prod-check` and the load run (bench/).

What runs (each on a free loopback port, all stopped on exit, even on Ctrl+C):

- PostgreSQL: a database of its own (``zemlyaki_prodcheck_…``), created here and dropped
  at the end, on the server of ``PRODCHECK_POSTGRES`` (default
  ``postgresql://postgres@127.0.0.1:5432/postgres``);
- Redis: a private ``redis-server`` (no persistence) as the shared cache;
- an S3-compatible server (moto) with a private bucket for the uploads;
- two application nodes: gunicorn with ``zemlyaki.settings.prod``, each with its own empty
  ``MEDIA_ROOT`` (so a file can only be shared through the bucket);
- one ``zemlyaki db_worker`` (``TASKS_BACKEND=django_tasks_db.DatabaseBackend``), with its
  own empty ``MEDIA_ROOT`` too;
- a small reverse proxy (scripts/proxy.py) spreading requests over the two nodes; the
  nodes trust it (``TRUSTED_PROXIES=127.0.0.1``).

The site is served over plain HTTP here, so the documented switches are set:
``SECURE_SSL_REDIRECT=0``, ``SECURE_COOKIES=0``, ``SECURE_HSTS_SECONDS=0``.
"""

import contextlib
import ctypes
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BUCKET = "zemlyaki-media"
S3_KEYS = {"ZEMLYAKI_S3_ACCESS_KEY_ID": "prodcheck", "ZEMLYAKI_S3_SECRET_ACCESS_KEY": "prodcheck"}


class LayoutError(RuntimeError):
    """Something of the layout did not start; the message says what (in Russian)."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _die_with_parent() -> None:
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


STARTED = time.monotonic()


def say(text: str) -> None:
    print(f"[{time.monotonic() - STARTED:5.0f} с] {text}", flush=True)


class Layout:
    """``with Layout() as layout:`` — everything running; ``layout.url`` is the proxy."""

    def __init__(self, *, node_workers: int = 3, gen_data: tuple[str, ...] = ()) -> None:
        self.node_workers = node_workers
        self.gen_data = gen_data
        self.folder = Path(tempfile.mkdtemp(prefix="zemlyaki-prod-"))
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.admin_url = os.environ.get(
            "PRODCHECK_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"
        )
        self.database = f"zemlyaki_prodcheck_{os.getpid()}_{secrets.token_hex(3)}"
        self.database_created = False
        self.ports = {name: free_port() for name in ("redis", "s3", "node_a", "node_b", "proxy")}
        self.url = f"http://127.0.0.1:{self.ports['proxy']}"
        self.node_urls = {
            "A": f"http://127.0.0.1:{self.ports['node_a']}",
            "B": f"http://127.0.0.1:{self.ports['node_b']}",
        }
        self.fixture: dict[str, Any] = {}

    # ------------------------------------------------------------------ environment

    @property
    def database_url(self) -> str:
        return urlparse(self.admin_url)._replace(path=f"/{self.database}").geturl()

    @property
    def s3_endpoint(self) -> str:
        return f"http://127.0.0.1:{self.ports['s3']}"

    def env(self, media: str = "shared") -> dict[str, str]:
        env = dict(os.environ)
        for name in list(env):
            if name.startswith(("ZEMLYAKI_", "SECURE_", "DJANGO_")):
                del env[name]
        env.update(
            DJANGO_SETTINGS_MODULE="zemlyaki.settings.prod",
            PYTHONPATH=os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")]),
            SECRET_KEY=self.secret_key,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            ZEMLYAKI_SITE_URL=self.url,
            ZEMLYAKI_DATA=str(self.folder / "data"),
            MEDIA_ROOT=str(self.folder / f"media-{media}"),
            DATABASE_URL=self.database_url,
            REDIS_URL=f"redis://127.0.0.1:{self.ports['redis']}/0",
            TASKS_BACKEND="django_tasks_db.DatabaseBackend",
            TRUSTED_PROXIES="127.0.0.1",
            SECURE_SSL_REDIRECT="0",
            SECURE_COOKIES="0",
            SECURE_HSTS_SECONDS="0",
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            ZEMLYAKI_S3_BUCKET=BUCKET,
            ZEMLYAKI_S3_ENDPOINT_URL=self.s3_endpoint,
            ZEMLYAKI_S3_REGION="us-east-1",
            **S3_KEYS,
        )
        return env

    # ------------------------------------------------------------------ processes

    def start(self, name: str, command: list[str], env: dict[str, str]) -> None:
        log = (self.folder / f"{name}.log").open("wb")
        self.processes[name] = subprocess.Popen(  # noqa: S603
            command,
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent,  # noqa: PLW1509
        )

    def log_tail(self, name: str, lines: int = 30) -> str:
        path = self.folder / f"{name}.log"
        if not path.exists():
            return ""
        text = path.read_text(encoding="utf-8", errors="replace").splitlines()
        return "\n".join(text[-lines:])

    def alive(self) -> None:
        """Every started process still runs, or LayoutError naming the one that ended."""
        for name, process in self.processes.items():
            if process.poll() is not None:
                raise LayoutError(
                    f"Процесс {name} завершился с кодом {process.returncode} / "
                    f"process {name} exited:\n{self.log_tail(name)}"
                )

    def setup_env(self) -> dict[str, str]:
        """For the preparing commands (migrations, data): the database is thrown away
        after the check, so its commits need not wait for the disk."""
        return {**self.env(), "PGOPTIONS": "-c synchronous_commit=off"}

    def manage(self, *args: str) -> str:
        result = subprocess.run(  # noqa: S603
            [str(BIN / "zemlyaki"), *args],
            cwd=ROOT,
            env=self.setup_env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise LayoutError(
                f"zemlyaki {' '.join(args)} завершилась с ошибкой / failed:\n"
                f"{result.stderr[-3000:]}"
            )
        return result.stdout

    def wait_http(self, url: str, name: str, seconds: float = 90) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.alive()
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise LayoutError(f"{name} не ответил за {seconds:.0f} с / did not answer: {url}")

    def wait_port(self, port: int, name: str, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.alive()
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        raise LayoutError(f"{name} не открыл порт {port} / did not listen")

    # ------------------------------------------------------------------ lifecycle

    def __enter__(self) -> "Layout":
        self.secret_key = secrets.token_urlsafe(50)
        signal.signal(signal.SIGTERM, _raise_interrupt)
        try:
            self._start_all()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _start_all(self) -> None:
        began = time.monotonic()
        for tool in ("redis-server",):
            if shutil.which(tool) is None:
                raise LayoutError(
                    f"Не найдена программа {tool}: установите пакет Debian redis-server"
                )
        (self.folder / "data").mkdir()
        for media in ("node-a", "node-b", "worker", "shared"):
            (self.folder / f"media-{media}").mkdir()
        say("Запускаю Redis и хранилище S3 (moto)…")
        self.start(
            "redis",
            [
                "redis-server",
                "--port",
                str(self.ports["redis"]),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],  # fmt: skip
            dict(os.environ),
        )
        self.start(
            "s3",
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.ports["s3"])],
            dict(os.environ),
        )
        say(f"Создаю базу PostgreSQL {self.database}…")
        self._create_database()
        self.wait_port(self.ports["redis"], "redis")
        self.wait_port(self.ports["s3"], "s3", seconds=60)
        self._create_bucket()
        say("Применяю миграции и собираю статические файлы (параллельно)…")
        collect = subprocess.Popen(  # noqa: S603
            [str(BIN / "zemlyaki"), "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=self.setup_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self.manage("migrate", "--noinput", "-v0")
        self.manage("load-reference", "-v0")
        if self.gen_data:
            say(f"Создаю синтетические данные ({' '.join(self.gen_data)})…")
            self.manage("gen-data", *self.gen_data)
        fixture = subprocess.run(  # noqa: S603
            [sys.executable, str(ROOT / "scripts" / "prod_fixture.py")],
            cwd=ROOT,
            env=self.setup_env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if fixture.returncode != 0:
            raise LayoutError(
                f"Данные для проверки не созданы / fixture failed:\n{fixture.stderr[-3000:]}"
            )
        self.fixture = json.loads(fixture.stdout)
        _, errors = collect.communicate()
        if collect.returncode != 0:
            raise LayoutError(
                f"collectstatic завершилась с ошибкой / failed:\n{errors.decode()[-3000:]}"
            )
        say("Запускаю два узла gunicorn, обработчик задач и прокси…")
        for node, key in (("node-a", "node_a"), ("node-b", "node_b")):
            self.start(
                node,
                [
                    str(BIN / "gunicorn"),
                    "zemlyaki.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{self.ports[key]}",
                    "--workers",
                    str(self.node_workers),
                    "--timeout",
                    "60",
                    "--log-level",
                    "warning",
                ],  # fmt: skip
                self.env(node),
            )
        self.start(
            "worker",
            [
                str(BIN / "zemlyaki"),
                "db_worker",
                "--no-startup-delay",
                "--no-reload",
                "--interval",
                "0.5",
            ],
            self.env("worker"),
        )
        self.start(
            "proxy",
            [
                sys.executable,
                str(ROOT / "scripts" / "proxy.py"),
                "--port",
                str(self.ports["proxy"]),
                "--backend",
                f"127.0.0.1:{self.ports['node_a']}",
                "--backend",
                f"127.0.0.1:{self.ports['node_b']}",
            ],  # fmt: skip
            dict(os.environ),
        )
        for name, url in self.node_urls.items():
            self.wait_http(url + "/health/", f"Узел {name}")
        self.wait_http(self.url + "/health/", "Прокси")
        say(f"Установка готова за {time.monotonic() - began:.0f} с: {self.url}")

    def _create_database(self) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(
                f"CREATE DATABASE \"{self.database}\" TEMPLATE template0 ENCODING 'UTF8'"
            )
        self.database_created = True

    def _drop_database(self) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')

    def _create_bucket(self) -> None:
        self.s3().create_bucket(Bucket=BUCKET)

    def s3(self) -> Any:
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.s3_endpoint,
            region_name="us-east-1",
            aws_access_key_id=S3_KEYS["ZEMLYAKI_S3_ACCESS_KEY_ID"],
            aws_secret_access_key=S3_KEYS["ZEMLYAKI_S3_SECRET_ACCESS_KEY"],
        )

    def stop(self) -> None:
        """Stop every process (the proxy first, the stores last) and drop the database."""
        order = ["proxy", "node-a", "node-b", "worker", "s3", "redis"]
        if self.processes:
            say("Останавливаю процессы…")
        for name in order:
            process = self.processes.get(name)
            if process is not None and process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for name in order:
            process = self.processes.get(name)
            if process is None:
                continue
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                say(f"{name} не остановился по SIGTERM, завершаю принудительно")
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes.clear()
        if self.database_created:
            say(f"Удаляю базу {self.database}…")
            try:
                self._drop_database()
            except Exception as error:  # noqa: BLE001
                say(f"Не удалось удалить базу {self.database} / could not drop it: {error}")
            self.database_created = False
        if not os.environ.get("PRODCHECK_KEEP"):
            shutil.rmtree(self.folder, ignore_errors=True)


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
