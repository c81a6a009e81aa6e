"""Process time of the page-wide typographer (core.typography.TypographyMiddleware) on the
catalogue page and the home page, in one process: the pass as it runs in production (with
non-breaking spaces after short words and numbers) next to the same pass without them
(quotes, dashes, ranges of years and «ё» only), measured in the same run.

Goal: the ties add at most half of the pass without them.
BENCH_ASSOCIATIONS (default 100) records in the catalogue.
"""

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.support.harness import cleanup, manage, prepare_environment  # noqa: E402

ASSOCIATIONS = int(os.environ.get("BENCH_ASSOCIATIONS", "100"))

MEASURE = """
import time
import django
django.setup()
from django.conf import settings
from django.test import Client
from django.utils import translation
from zemlyaki.core.typography import typograph_html

settings.ALLOWED_HOSTS = ["*"]
settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("TypographyMiddleware")]
translation.activate("ru")
client = Client()


def per_page(body, ties, n=300):
    best = []
    for _ in range(5):
        start = time.process_time()
        for _ in range(n):
            typograph_html(body, spacing=False, ties=ties)
        best.append((time.process_time() - start) / n)
    return min(best) * 1000


for name, path in (("Каталог /associations/", "/associations/"), ("Главная /", "/")):
    html = client.get(path).content.decode()
    body = html[html.find("<body"):]
    without, with_ties = per_page(body, False), per_page(body, True)
    share = with_ties / without - 1
    print(
        f"{name:24} {len(body):6} знаков: без неразрывных пробелов {without:.2f} мс, "
        f"с ними {with_ties:.2f} мс (+{share:.0%}, цель ≤ +50%) "
        f"{'OK' if share <= 0.5 else 'ВЫШЕ ЦЕЛИ'}"
    )
"""


def main() -> None:
    env = prepare_environment()
    try:
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        manage(env, "gen-data", "--associations", str(ASSOCIATIONS))
        subprocess.run([sys.executable, "-c", MEASURE], env=env, check=True)
    finally:
        cleanup(env)


if __name__ == "__main__":
    main()
