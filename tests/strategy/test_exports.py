"""Exports read back with the tools that read them: python-docx, LibreOffice, pdftotext."""

import datetime
import io
import subprocess

import pytest

from tests.support.tools import require_program
from zemlyaki.core.typography import typograph
from zemlyaki.strategy import assembly, exports, inserts
from zemlyaki.strategy.templates_seed import STRATEGY_SECTIONS

from .factories import write

pytestmark = pytest.mark.django_db

SECTION_1 = (
    "Землячества Москвы накопили большой опыт.[^1]\n\n"
    "- культурные проекты;\n- помощь малой родине.\n\n"
    "| Десятилетие | Отчётов |\n|---|---|\n| 1990-е | 12 |\n\n"
    "{{ chart:report-trends }}\n\n"
    "[^1]: По годовым отчётам землячеств."
)
SECTION_5 = "Органы управления стратегией:\n\n{{ table:bodies }}\n\n{{ table:plan }}\n"
SECTION_4 = "Субъекты стратегии:\n\n{{ table:stakeholders }}\n"


_need = require_program


def _pdftotext(data: bytes, tmp_path) -> str:
    binary = _need("pdftotext", "poppler-utils")
    source = tmp_path / "in.pdf"
    source.write_bytes(data)
    result = subprocess.run(
        [binary, "-layout", "-enc", "UTF-8", str(source), "-"],
        capture_output=True,
        check=True,
        timeout=120,
    )
    return result.stdout.decode("utf-8")


@pytest.fixture
def filled(world):
    from zemlyaki.plan.services import plan_create, task_create
    from zemlyaki.registry.services import stakeholder_create

    stakeholder_create(actor=None, kind="business", name="Клуб предпринимателей «Родные края»")
    plan = plan_create(actor=None, title="План разработки стратегии", is_main=True)
    task_create(
        actor=None,
        plan=plan,
        number="1",
        title="Сформировать рабочую группу",
        due_date=datetime.date(2023, 10, 15),
    )
    write(world.sections[0], world.owner, SECTION_1)
    write(world.sections[3], world.owner, SECTION_4)
    write(world.sections[4], world.owner, SECTION_5)
    return world


def test_docx_has_title_page_numbered_headings_live_tables_and_page_numbers(filled):
    import docx

    data = exports.to_docx(assembly.assemble(filled.document))
    document = docx.Document(io.BytesIO(data))
    titles = [p.text for p in document.paragraphs if p.style.name == "Title"]
    assert titles == ["Стратегия развития института землячеств"]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    # the document's text goes through the typographer (tests/core/test_typography.py)
    assert headings == [
        typograph(f"{n}. {title}") for n, (title, _g) in enumerate(STRATEGY_SECTIONS, 1)
    ]
    assert headings[0] == "1. Анализ развития института землячеств до\u00a02022\u00a0года"
    texts = [p.text for p in document.paragraphs]
    assert "Содержание" in texts and "Период: 2024–2032\u00a0годы" in texts
    assert "Землячества Москвы накопили большой опыт.[1]" in texts
    assert "[1] По\u00a0годовым отчётам землячеств." in texts
    assert "Примечания" in texts
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert bullets == ["культурные проекты;", "помощь малой родине."]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    assert tables[0] == [["Десятилетие", "Отчётов"], ["1990-е", "12"]]
    bodies = next(t for t in tables if t[0] == ["Орган", "Вид", "Членов", "Кворум"])
    assert [row[0] for row in bodies[1:]] == [
        "Рабочая группа",
        "Расширенный экспертный совет",
        "Редакционная группа",
    ]
    assert ["Расширенный экспертный совет", "расширенный экспертный совет", "3",
            "более половины членов"] in bodies  # fmt: skip
    plan = next(t for t in tables if t[0][:2] == ["№", "Мероприятие"])
    assert plan[1] == ["1", "Сформировать рабочую группу", plan[1][2], "15.10.2023", plan[1][4]]
    stakeholders = next(t for t in tables if t[0] == ["Вид", "Организация", "Регионы"])
    assert stakeholders[1][1] == "Клуб предпринимателей «Родные края»"
    # the trend chart of the reports analysis is a picture in Word, drawn from its data
    from docx.shared import Cm

    assert len(document.inline_shapes) == 1
    assert document.inline_shapes[0].width == Cm(16)
    assert "Диаграмма приведена в PDF-версии" not in "\n".join(p.text for p in document.paragraphs)
    footer = document.sections[0].footer._element.xml
    assert "PAGE" in footer
    assert document.sections[0].different_first_page_header_footer is True


def test_docx_opens_in_libreoffice(filled, tmp_path):
    soffice = _need("soffice", "libreoffice-writer-nogui")
    source = tmp_path / "strategy.docx"
    source.write_bytes(exports.to_docx(assembly.assemble(filled.document)))
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        capture_output=True, check=True, timeout=240,
    )  # fmt: skip
    converted = (tmp_path / "strategy.pdf").read_bytes()
    assert converted.startswith(b"%PDF")
    text = " ".join(_pdftotext(converted, tmp_path).split())
    assert "1. Анализ развития института землячеств до 2022 года" in text
    # table cells wrap in the narrow columns: check words that fit on one line
    assert "Рабочая группа" in text and "Расширенный" in text
    assert "Сформировать" in text and "15.10.2023" in text
    assert "[1] По годовым отчётам землячеств." in text


def test_pdf_reads_back_with_contents_tables_and_page_numbers(filled, tmp_path):
    from pypdf import PdfReader

    data = exports.to_pdf(assembly.assemble(filled.document))
    assert data.startswith(b"%PDF")
    pages = PdfReader(io.BytesIO(data)).pages
    assert len(pages) >= 8  # title, contents, six sections each from a new page
    text = _pdftotext(data, tmp_path)
    flat = " ".join(text.split())
    assert "Стратегия развития института землячеств" in flat
    assert "Содержание" in flat
    for number, (title, _g) in enumerate(STRATEGY_SECTIONS, 1):
        assert f"{number}. {title[:30]}" in flat
    assert "Редакционная группа" in flat and "Клуб предпринимателей «Родные края»" in flat
    assert "Направления деятельности землячеств по десятилетиям" in flat  # the chart's title
    page_texts = text.split("\f")
    assert page_texts[2].strip().splitlines()[-1].strip() == "3"  # a page number at the foot


def test_missing_plan_renders_a_russian_note(world):
    data = inserts.resolve(["table:plan", "table:nothing"])
    assert data["table:plan"] == {
        "kind": "note",
        "title": "План разработки и реализации стратегии",
        "text": "План ещё не создан",
    }
    assert data["table:nothing"]["text"] == "Вставка «table:nothing» не поддерживается."


def test_docx_leaves_out_characters_xml_cannot_hold(world):
    """Control characters typed into a section or a record shown by an insert (Word's
    XML cannot hold them) are left out instead of failing the export."""
    import docx

    from zemlyaki.registry.services import stakeholder_create

    stakeholder_create(actor=None, kind="business", name="Клуб\x0f «Родные\x1f края»")
    write(world.sections[0], world.owner, "Опыт\x0b землячеств.")
    write(world.sections[3], world.owner, SECTION_4)

    data = exports.to_docx(assembly.assemble(world.document))

    document = docx.Document(io.BytesIO(data))
    assert "Опыт землячеств." in [p.text for p in document.paragraphs]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    stakeholders = next(t for t in tables if t[0] == ["Вид", "Организация", "Регионы"])
    assert stakeholders[1][1] == "Клуб «Родные края»"
