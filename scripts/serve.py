"""`make run`'s server: gunicorn, one background worker (`zemlyaki db_worker`) and the
regular jobs (`zemlyaki schedule`), started together and stopped together.

Ctrl+C (or SIGTERM) stops all and waits for them; when one of them ends by itself, the
others are stopped too and the exit code is passed on. On Linux each child is also told to
end when this process dies, so that nothing is left running even after a hard kill.

    python scripts/serve.py --port 8000 --workers 3
"""

import argparse
import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

BIN = Path(sys.executable).parent
STOP_SECONDS = 15


def _die_with_parent() -> None:
    """In the child, before it runs: end with SIGTERM when the parent dies (Linux)."""
    if sys.platform.startswith("linux"):
        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def start(command: list[str], nice: int = 0) -> subprocess.Popen[bytes]:
    def prepare_child() -> None:
        _die_with_parent()
        if nice:
            os.nice(nice)

    return subprocess.Popen(command, preexec_fn=prepare_child)  # noqa: S603,PLW1509


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_SECONDS
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def listening(
    host: str, port: int, server: subprocess.Popen[bytes], stopped: Callable[[], bool]
) -> None:
    """Wait until the server accepts connections (or ends, or we are asked to stop)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and server.poll() is None and not stopped():
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="8000")
    parser.add_argument("--workers", default="3")
    args = parser.parse_args(argv)
    os.environ.setdefault("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
    settings = os.environ.get("DJANGO_SETTINGS_MODULE", "zemlyaki.settings.dev")
    stopping = False

    def on_signal(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    processes = [
        start(
            [
                str(BIN / "gunicorn"),
                "zemlyaki.wsgi:application",
                "--bind",
                f"{args.host}:{args.port}",
                "--workers",
                args.workers,
                "--preload",
                "--env",
                f"DJANGO_SETTINGS_MODULE={settings}",
                "--access-logfile",
                "-",
                "--log-level",
                "warning",
            ]  # fmt: skip
        )
    ]
    # The worker starts once the site answers, and at a lower CPU priority: the pages
    # come first, the background work takes what is left.
    listening(args.host, int(args.port), processes[0], lambda: stopping)
    if not stopping and processes[0].poll() is None:
        processes.append(
            start(
                [str(BIN / "zemlyaki"), "db_worker", "--no-startup-delay", "--no-reload"], nice=10
            )
        )
        processes.append(start([str(BIN / "zemlyaki"), "schedule"], nice=10))
    code = 0
    try:
        while not stopping:
            ended = [p for p in processes if p.poll() is not None]
            if ended:
                code = ended[0].returncode or 0
                name = ("gunicorn", "db_worker", "schedule")[processes.index(ended[0])]
                print(f"{name} остановился (код {code}); останавливаю остальное.", flush=True)
                break
            time.sleep(0.2)
    finally:
        stop(processes)
    if stopping:
        print("Платформа остановлена.", flush=True)
    return code


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
