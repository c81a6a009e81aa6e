"""Run every benchmark under bench/ (files named bench_*.py), one process each.

Each benchmark prints its own figures and its ratio against the baseline it is
measured next to, in the same run. Pass names to run only some:
``make bench BENCH_ARGS="catalogue"``.
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if argv:
        scripts = [s for s in scripts if any(name in s.stem for name in argv)]
    else:
        # The start figures clone the repository and run `make run` twice: `make bench-start`.
        scripts = [s for s in scripts if s.stem != "bench_start"]
    if not scripts:
        print("Нет замеров для запуска.", file=sys.stderr)
        return 1
    failed = 0
    for script in scripts:
        print(f"\n=== {script.stem}", flush=True)
        result = subprocess.run([sys.executable, str(script)], cwd=HERE.parent)
        if result.returncode != 0:
            print(f"!!! {script.stem} завершился с кодом {result.returncode}", flush=True)
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
