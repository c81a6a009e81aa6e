"""scripts/check_catalogue.py: the English catalogue check the lint step runs."""

import runpy
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
check = runpy.run_path(str(ROOT / "scripts" / "check_catalogue.py"))


def _catalogue(path: Path, entries: list[polib.POEntry]) -> Path:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en"}
    for entry in entries:
        po.append(entry)
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return path


def _root(tmp_path: Path, entries: list[polib.POEntry]) -> Path:
    _catalogue(tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po", entries)
    return tmp_path


def test_untranslated_and_fuzzy_entries_fail_obsolete_ones_do_not(tmp_path, capsys):
    fuzzy = polib.POEntry(msgid="Черновик", msgstr="Draft", flags=["fuzzy"])
    root = _root(
        tmp_path,
        [
            polib.POEntry(msgid="Раздел", msgstr="Section"),
            polib.POEntry(msgid="Редакция", msgstr=""),
            fuzzy,
            polib.POEntry(msgid="Старое", msgstr="", obsolete=True),
        ],
    )
    problems = check["catalogue_problems"](root / check["CATALOGUE"])
    assert problems == {"untranslated": ["Редакция"], "fuzzy": ["Черновик"]}
    assert check["main"](["--root", str(root), "--no-extract"]) == 1
    out = capsys.readouterr().out
    assert "Без перевода: 1\n  - Редакция" in out and "Неточные (fuzzy): 1" in out


def test_complete_catalogue_passes(tmp_path, capsys):
    root = _root(tmp_path, [polib.POEntry(msgid="Раздел", msgstr="Section")])
    assert check["main"](["--root", str(root), "--no-extract"]) == 0
    assert "Английский каталог полон." in capsys.readouterr().out


def test_messages_missing_from_the_catalogue_are_found(tmp_path):
    current = _catalogue(tmp_path / "current.po", [polib.POEntry(msgid="Раздел", msgstr="S")])
    fresh = _catalogue(
        tmp_path / "fresh.po",
        [
            polib.POEntry(msgid="Раздел", msgstr="S"),
            polib.POEntry(msgid="Раздел", msgctxt="меню", msgstr=""),
            polib.POEntry(msgid="Черновик сохранён", msgstr=""),
        ],
    )
    assert check["new_messages"](current, fresh) == ["[меню] Раздел", "Черновик сохранён"]


def test_makemessages_runs_on_a_copy_and_finds_the_platform_messages(tmp_path):
    catalogue = ROOT / check["CATALOGUE"]
    before = catalogue.read_bytes()
    extracted = check["extract"](ROOT, tmp_path)
    msgids = {e.msgid for e in polib.pofile(str(extracted))}
    assert "Черновик сохраняется сам каждые несколько секунд." in msgids
    assert "Обязательное поле." in msgids
    assert catalogue.read_bytes() == before  # the working tree is not written to
