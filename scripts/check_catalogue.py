#!/usr/bin/env python
"""Check the English catalogue: it fails (exit 1) when locale/en has untranslated or
fuzzy entries, or when ``makemessages`` would add messages the catalogue lacks.

``makemessages`` runs on a copy of the sources in a temporary directory, with the
catalogue copied beside them, so the working tree is never written to. Run from the
project root:

    .venv/bin/python scripts/check_catalogue.py            # everything
    .venv/bin/python scripts/check_catalogue.py --no-extract   # only the catalogue itself
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = Path("locale") / "en" / "LC_MESSAGES" / "django.po"
SHOWN = 20  # entries listed per problem; the count is always given


def _key(entry: polib.POEntry) -> tuple[str, str]:
    return (entry.msgctxt or "", entry.msgid)


def _label(key: tuple[str, str]) -> str:
    context, msgid = key
    text = msgid if len(msgid) <= 100 else msgid[:97] + "…"
    return f"[{context}] {text}" if context else text


def catalogue_problems(po_path: Path) -> dict[str, list[str]]:
    """Untranslated and fuzzy entries of a catalogue (obsolete ones are not counted)."""
    po = polib.pofile(str(po_path))
    live = [e for e in po if not e.obsolete]
    return {
        "untranslated": [_label(_key(e)) for e in live if not e.translated() and not e.fuzzy],
        "fuzzy": [_label(_key(e)) for e in live if e.fuzzy],
    }


def new_messages(current: Path, extracted: Path) -> list[str]:
    """Messages of a freshly extracted catalogue that the current one lacks."""
    known = {_key(e) for e in polib.pofile(str(current)) if not e.obsolete}
    fresh = polib.pofile(str(extracted))
    return [_label(_key(e)) for e in fresh if not e.obsolete and e.msgid and _key(e) not in known]


def extract(root: Path, workdir: Path) -> Path:
    """Run ``makemessages -l en`` over a copy of ``root/src`` with the catalogue copied
    beside it; return the catalogue it produced."""
    shutil.copytree(root / "src", workdir / "src", ignore=shutil.ignore_patterns("__pycache__"))
    target = workdir / CATALOGUE
    target.parent.mkdir(parents=True)
    shutil.copy2(root / CATALOGUE, target)
    env = {
        **os.environ,
        "PYTHONPATH": str(workdir / "src"),
        "DJANGO_SETTINGS_MODULE": os.environ.get(
            "DJANGO_SETTINGS_MODULE", "zemlyaki.settings.test"
        ),
    }
    command = [
        sys.executable, "-m", "zemlyaki", "makemessages", "-l", "en", "--no-obsolete",
        "-i", ".venv/*", "-i", "tests/*", "-i", "bench/*", "-i", "var/*",
    ]  # fmt: skip
    result = subprocess.run(command, cwd=workdir, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"makemessages не отработал:\n{result.stdout}\n{result.stderr}")
    return target


def _report(title: str, items: list[str]) -> None:
    print(f"{title}: {len(items)}")
    for item in items[:SHOWN]:
        print(f"  - {item}")
    if len(items) > SHOWN:
        print(f"  … и ещё {len(items) - SHOWN}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="корень проекта")
    parser.add_argument(
        "--no-extract", action="store_true", help="не запускать makemessages (только каталог)"
    )
    args = parser.parse_args(argv)
    po_path = args.root / CATALOGUE
    problems = catalogue_problems(po_path)
    failed = False
    for name, title in (("untranslated", "Без перевода"), ("fuzzy", "Неточные (fuzzy)")):
        if problems[name]:
            _report(title, problems[name])
            failed = True
    if not args.no_extract:
        with tempfile.TemporaryDirectory(prefix="catalogue-") as workdir:
            added = new_messages(po_path, extract(args.root, Path(workdir)))
        if added:
            _report("Новые строки, которых нет в каталоге (makemessages добавил бы их)", added)
            failed = True
    if failed:
        print(
            "Английский каталог не полон: zemlyaki makemessages -l en -i '.venv/*' "
            "-i 'tests/*' -i 'bench/*', перевести, msgfmt --check.",
            file=sys.stderr,
        )
        return 1
    print("Английский каталог полон.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
