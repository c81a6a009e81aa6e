"""Analysis throughput of annual reports against the bare natasha pipeline.

Generates a few hundred report texts (the demo generator with a fixed seed), then times
in the same run (1) the bare natasha pipeline — segmentation, morphology, NER — and
(2) the full analysis (the same pipeline plus entity normalisation, dates, numbers,
lexicon classification and outcomes). Prints pages (1 800 characters) per second and
the ratio of times; the goal is at most 1.3.
"""

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zemlyaki.settings.test")
os.environ.setdefault("ZEMLYAKI_DATA", tempfile.mkdtemp(prefix="zemlyaki-bench-"))

import django  # noqa: E402

django.setup()

from zemlyaki.reports import demo, lexicon_seed  # noqa: E402
from zemlyaki.reports.analysis import Lexicon, Phrase, analyse, phrase_lemmas  # noqa: E402
from zemlyaki.reports.nlp import pipeline  # noqa: E402

REPORTS = int(os.environ.get("BENCH_REPORTS", "200"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
PAGE = 1800


def seed_lexicon() -> Lexicon:
    phrases = [
        Phrase("direction", code, phrase_lemmas(p), p)
        for code, _name, items in lexicon_seed.DIRECTIONS
        for p in items
    ]
    phrases += [Phrase("achievement", "", phrase_lemmas(p), p) for p in lexicon_seed.ACHIEVEMENT]
    phrases += [Phrase("failure", "", phrase_lemmas(p), p) for p in lexicon_seed.FAILURE]
    return Lexicon.build({c: n for c, n, _ in lexicon_seed.DIRECTIONS}, phrases)


def texts() -> list[str]:
    rng = random.Random(7)
    names = list(demo.ASSOCIATIONS)
    result = []
    for _ in range(REPORTS):
        year = rng.choice(demo.YEARS)
        members = rng.randint(80, 600)
        result.append(
            demo.report_text(rng.choice(names), year, members - rng.randint(-50, 50), members, rng)
        )
    return result


def timed(fn, items: list[str]) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    for item in items:
        fn(item)
    return time.perf_counter() - start


def main() -> int:
    items = texts()
    lexicon = seed_lexicon()
    nlp = pipeline()
    pages = sum(len(t) for t in items) / PAGE
    for text in items[:20]:  # load models and warm the caches of both paths
        nlp.doc(text)
        analyse(text, lexicon)
    bare, full = [], []
    for _ in range(ROUNDS):
        bare.append(timed(nlp.doc, items))
        full.append(timed(lambda t: analyse(t, lexicon), items))
    bare_s, full_s = statistics.median(bare), statistics.median(full)
    print(f"Отчётов: {len(items)}, страниц по {PAGE} знаков: {pages:.1f}")
    print(f"natasha (сегментация, морфология, NER): {pages / bare_s:8.1f} стр./с")
    print(f"анализ отчётов целиком:                 {pages / full_s:8.1f} стр./с")
    ratio = full_s / bare_s
    print(f"Отношение времени анализа к natasha: {ratio:.2f} (цель ≤ 1.30)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
