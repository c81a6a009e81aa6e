"""`make run`'s server (scripts/serve.py): gunicorn, one db_worker and the regular jobs
start together, and Ctrl+C stops them all, leaving no process behind."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _children(pid: int) -> list[tuple[int, str]]:
    out = subprocess.run(
        ["ps", "-ww", "-o", "pid=,args=", "--ppid", str(pid)], capture_output=True, text=True
    ).stdout
    return [(int(line.split(None, 1)[0]), line.split(None, 1)[1]) for line in out.splitlines()]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A finished child not yet reaped by anyone counts as gone.
    state = Path(f"/proc/{pid}/stat")
    return not (state.exists() and state.read_text().split(") ", 1)[1].startswith("Z"))


def _wait(condition, seconds: float = 90) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_make_run_serves_with_a_db_worker_and_the_schedule_and_ctrl_c_stops_all(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "TASKS_BACKEND"}}
    env.update(
        ZEMLYAKI_DATA=str(tmp_path),
        DJANGO_SETTINGS_MODULE="zemlyaki.settings.dev",
        PYTHONPATH=str(ROOT / "src"),
    )
    subprocess.run([str(BIN / "zemlyaki"), "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "scripts/serve.py", "--port", str(port), "--workers", "1"],
        env=env,
        cwd=ROOT,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:

        def answers() -> bool:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2) as r:
                    return r.status == 200
            except OSError:
                return False

        assert _wait(answers)
        assert _wait(lambda: len(_children(server.pid)) == 3)
        children = _children(server.pid)
        assert any("gunicorn" in args for _pid, args in children)
        assert any("db_worker" in args for _pid, args in children)
        assert any(args.endswith("zemlyaki schedule") for _pid, args in children)
        grandchildren = [pid for child, _a in children for pid, _b in _children(child)]

        os.killpg(server.pid, signal.SIGINT)  # Ctrl+C reaches the whole foreground group
        assert server.wait(timeout=60) == 0
        everyone = [pid for pid, _args in children] + grandchildren
        assert _wait(lambda: not any(_alive(pid) for pid in everyone), 30)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
