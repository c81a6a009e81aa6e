"""Section 6 of the strategy shows the indicators table (baseline, target per stage,
actual, status) and the progress chart, in the PDF and DOCX exports."""

import io
import subprocess

import pytest

from tests.support.tools import require_program
from zemlyaki.indicators.demo import load
from zemlyaki.strategy import assembly, exports
from zemlyaki.strategy.models import Document

pytestmark = pytest.mark.django_db


@pytest.fixture
def document():
    load(lambda s: None)
    return Document.objects.get(is_demo=True)


def _pdftotext(data: bytes, tmp_path) -> str:
    binary = require_program("pdftotext", "poppler-utils")
    source = tmp_path / "in.pdf"
    source.write_bytes(data)
    result = subprocess.run([binary, "-layout", "-enc", "UTF-8", str(source), "-"],
                            capture_output=True, check=True, timeout=120)  # fmt: skip
    return result.stdout.decode("utf-8")


def test_section_6_holds_the_markers(document):
    section = document.sections.filter(parent__isnull=True).order_by("order")[5]
    assert '<div data-insert="table:indicators"></div>' in section.text
    assert '<div data-insert="chart:indicators"></div>' in section.text


def test_pdf_has_the_indicator_table_with_the_demo_figures(document, tmp_path):
    data = exports.to_pdf(assembly.assemble(document))
    flat = " ".join(_pdftotext(data, tmp_path).split())
    assert "Ключевые показатели Стратегии по этапам реализации" in flat
    # narrow columns wrap: look for what fits on one line of a cell («о» stays with the
    # word after it)
    for text in ("Публикации", "120", "(2023)", "185", "(2025)", "в графике", "риск",
                 "отставание", "достигнуто", "Выполнение целей текущего этапа", "В1 81%"):  # fmt: skip
        assert text in flat, text


def test_docx_has_the_table_and_the_chart_as_a_picture(document):
    import docx

    word = docx.Document(io.BytesIO(exports.to_docx(assembly.assemble(document))))
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in word.tables]
    table = next(t for t in tables if t[0][:2] == ["Код", "Показатель, единица"])
    assert table[0][2:] == [
        "Базовое значение",
        "Цель 2024–2026",
        "Цель 2027–2029",
        "Цель 2030–2032",
        "Факт",
        "Статус",
    ]
    rows = {row[0]: row for row in table[1:]}
    assert rows["В1"] == ["В1", "Публикации о\u00a0землячествах в\u00a0СМИ, шт.", "120 (2023)", "200",
                          "300", "400", "185 (2025)", "в\u00a0графике"]  # fmt: skip
    assert rows["В3"][-1] == "отставание" and rows["В4"][-1] == "достигнуто"
    assert len(word.inline_shapes) == 1
