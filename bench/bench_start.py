"""How long `make run` takes to the first served page: on a fresh clone, and again.

The script clones this repository (its committed HEAD) into a temporary folder, runs
`make run` there, and times the moment the home page first answers 200; then stops the
server and runs `make run` a second time in the same clone. Targets on a two-core machine:
the first start ≤ 180 s (dependency download excluded when the package cache is warm —
the time of the install step is printed apart and subtracted) and the second ≤ 15 s.

    python3 bench/bench_start.py                      # a fresh virtualenv in the clone
    python3 bench/bench_start.py --reuse-venv .venv   # an installed one (kept untouched:
                                                      # refused unless it is up to date)
"""

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIRST_TARGET, SECOND_TARGET = 180.0, 15.0
INSTALLED = "Зависимости установлены."
INSTALLING = "Устанавливаю зависимости"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pyproject_stamp(folder: Path) -> str:
    """The install stamp the Makefile expects for this pyproject.toml (cksum of it)."""
    data = (folder / "pyproject.toml").read_bytes()
    out = subprocess.run(["cksum"], input=data, capture_output=True, check=True).stdout
    return f".installed-{out.split()[0].decode()}"


def serve_once(clone: Path, port: int, label: str, timeout: float) -> dict[str, float]:
    """Run `make run` until the home page answers; return the figures and stop it."""
    print(f"\n--- {label}: make run", flush=True)
    began = time.monotonic()
    marks: dict[str, float] = {}
    process = subprocess.Popen(
        ["make", "run", f"PORT={port}", "WORKERS=2"],
        cwd=clone,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
        start_new_session=True,  # its own process group: stopped as a whole below
        # The clone's own code first, even in a reused environment installed elsewhere.
        env={**os.environ, "PYTHONPATH": str(clone / "src")},
    )

    def echo() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            now = time.monotonic() - began
            if line.startswith(INSTALLING):
                marks.setdefault("install_began", now)
            if line.startswith(INSTALLED):
                marks["install_ended"] = now
            print(f"[{now:6.1f} с] {line}", end="", flush=True)

    reader = threading.Thread(target=echo, daemon=True)
    reader.start()
    url = f"http://127.0.0.1:{port}/"
    try:
        while time.monotonic() - began < timeout:
            if process.poll() is not None:
                raise SystemExit(f"make run завершился с кодом {process.returncode}")
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    if response.status == 200:
                        marks["served"] = time.monotonic() - began
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.25)
        else:
            raise SystemExit(f"за {timeout:.0f} с страница так и не открылась")
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        reader.join(timeout=5)
    return marks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse-venv", type=Path, help="готовое окружение (не изменяется)")
    parser.add_argument("--timeout", type=float, default=1200.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="zemlyaki-start-") as tmp:
        clone = Path(tmp) / "zemlyaki"
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        if args.reuse_venv:
            venv = args.reuse_venv.resolve()
            if not (venv / pyproject_stamp(clone)).exists():
                print(
                    f"Окружение {venv} установлено для другого pyproject.toml: "
                    "`make run` переустановил бы его. Запустите без --reuse-venv.",
                    file=sys.stderr,
                )
                return 2
            (clone / ".venv").symlink_to(venv)
            # A fresh clone's pyproject.toml is newer than the stamp: make would reinstall
            # into the reused environment. Date it back, and refuse unless make agrees.
            stamp_time = (venv / pyproject_stamp(clone)).stat().st_mtime
            os.utime(clone / "pyproject.toml", (stamp_time - 1, stamp_time - 1))
            if subprocess.run(["make", "-q", "install"], cwd=clone).returncode != 0:
                print("`make install` всё равно запустил бы установку: отказываюсь.")
                return 2
        port = free_port()
        first = serve_once(clone, port, "первый запуск (свежий клон)", args.timeout)
        second = serve_once(clone, port, "повторный запуск", args.timeout)
    install = first.get("install_ended", 0.0) - first.get("install_began", 0.0)
    first_net = first["served"] - install
    print("\n=== Запуск платформы")
    if install:
        print(f"Установка зависимостей: {install:.1f} с (в цель не входит)")
    print(
        f"Первый `make run` до первой страницы: {first_net:.1f} с (всего {first['served']:.1f} с; "
        f"цель ≤ {FIRST_TARGET:.0f} с) — {'да' if first_net <= FIRST_TARGET else 'НЕТ'}"
    )
    print(
        f"Повторный `make run` до первой страницы: {second['served']:.1f} с "
        f"(цель ≤ {SECOND_TARGET:.0f} с) — {'да' if second['served'] <= SECOND_TARGET else 'НЕТ'}"
    )
    return 0 if first_net <= FIRST_TARGET and second["served"] <= SECOND_TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
