"""DOCX (python-docx) and PDF (WeasyPrint) of an assembled document.

DOCX: a title page, a table of contents, real Word headings «1. …», the HTML body
as Word paragraphs (bold, italic, links), lists and tables, live inserts as Word tables,
page numbers in the footer. PDF: the same HTML as the preview with
print CSS — Russian hyphenation, page numbers, contents with page references.
"""

import io
import re
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from zemlyaki.core.typography import typograph_docx, typograph_html

from . import inserts as live
from . import markup
from .assembly import status_line, with_html

FONT = "Liberation Serif"
MONO = "Liberation Mono"
# Characters XML 1.0 cannot hold (control characters, lone surrogates): a stored text or an
# insert's value holding one would make Word's XML fail, so they are left out of the DOCX.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(value: Any) -> Any:
    """``value`` (a string, or lists and dicts of them) without the characters XML refuses."""
    if isinstance(value, str):
        return _NOT_XML.sub("", value)
    if isinstance(value, dict):
        return {key: xml_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [xml_safe(item) for item in value]
    return value


# ------------------------------------------------------------------ DOCX


def chart_png(data: dict[str, Any]) -> bytes | None:
    """A chart insert drawn as a PNG picture for Word, from the data it carries; None when
    the chart cannot be drawn (an older frozen copy without data, or no app to draw it)."""
    return live.picture(data)


def _field(paragraph: Any, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES...) in a paragraph."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = instruction
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    shown = OxmlElement("w:t")
    shown.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, text, separate, shown, end):
        run._r.append(element)


def _russian_styles(document: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    for style in document.styles:
        if style.type != 1:  # paragraph styles only
            continue
        rpr = style.element.get_or_add_rPr()
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), "ru-RU")
        lang.set(qn("w:eastAsia"), "ru-RU")
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), FONT)
    settings = document.settings.element
    hyphenation = OxmlElement("w:autoHyphenation")
    hyphenation.set(qn("w:val"), "true")
    settings.append(hyphenation)


_BOLD = {"strong", "b", "th"}
_ITALIC = {"em", "i"}


class _DocxWriter:
    """Word paragraphs, lists and tables from the stored HTML of a section."""

    def __init__(self, document: Any) -> None:
        self.doc = document

    # inline ----------------------------------------------------------
    def inline(self, paragraph: Any, element: Any, style: frozenset[str] = frozenset()) -> None:
        """The text of ``element`` as runs, bold/italic/... as its tags say."""
        self._run(paragraph, element.text, style)
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == "br":
                paragraph.add_run().add_break()
            elif tag in ("ul", "ol", "table"):
                pass  # nested blocks are written by the block walker
            elif tag:
                self.inline(paragraph, child, style | {tag})
                href = child.get("href", "") if tag == "a" else ""
                if href and not href.startswith("#"):
                    paragraph.add_run(f" ({href})")
            self._run(paragraph, child.tail, style)

    def _run(self, paragraph: Any, text: str | None, style: frozenset[str]) -> None:
        if not text:
            return
        text = re.sub(r"\s+", " ", text)
        if not paragraph.runs:
            text = text.lstrip()
            if not text:
                return
        run = paragraph.add_run(text)
        run.bold = True if style & _BOLD else None
        run.italic = True if style & _ITALIC else None
        run.underline = True if "u" in style else None
        run.font.strike = True if "s" in style else None
        run.font.superscript = True if "sup" in style else None
        run.font.subscript = True if "sub" in style else None
        if "code" in style:
            run.font.name = MONO

    # blocks ------------------------------------------------------------
    def insert(self, data: dict[str, Any]) -> None:
        caption = self.doc.add_paragraph(style="Caption") if "Caption" in self.doc.styles else None
        if caption is None:
            caption = self.doc.add_paragraph()
        caption.add_run(data.get("title", "")).bold = True
        if data["kind"] == "table":
            headers, rows = data["headers"], data["rows"]
            columns = (
                max(1, len(headers), *(len(r) for r in rows)) if rows else max(1, len(headers))
            )
            table = self.doc.add_table(rows=1, cols=columns)
            table.style = "Table Grid"
            for i, header in enumerate(headers):
                cell = table.rows[0].cells[i]
                cell.text = ""
                cell.paragraphs[0].add_run(str(header)).bold = True
            for row in rows:
                cells = table.add_row().cells
                for i, value in enumerate(row):
                    cells[i].text = str(value)
            if not rows:
                cells = table.add_row().cells
                cells[0].text = _("Нет данных")
        elif data["kind"] == "chart":
            picture = chart_png(data)
            if picture is None:
                self.doc.add_paragraph(_("Диаграмма приведена в PDF-версии документа и на сайте."))
            else:
                from docx.shared import Cm

                self.doc.add_picture(io.BytesIO(picture), width=Cm(16))
        else:
            self.doc.add_paragraph(data.get("text", ""))

    def table(self, element: Any) -> None:
        rows = [list(row.iter("td", "th")) for row in element.iter("tr")]
        columns = max((len(r) for r in rows), default=1) or 1
        table = self.doc.add_table(rows=0, cols=columns)
        table.style = "Table Grid"
        for row in rows:
            cells = table.add_row().cells
            for c, cell in enumerate(row):
                self.inline(cells[c].paragraphs[0], cell, frozenset({cell.tag}))

    def list(self, element: Any, depth: int) -> None:
        base = "List Bullet" if element.tag == "ul" else "List Number"
        style = base + (f" {depth}" if depth > 1 else "")
        if style not in self.doc.styles:
            style = base
        for item in element.findall("li"):
            paragraph = self.doc.add_paragraph(style=style)
            blocks = [c for c in item if c.tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6")]
            if blocks:
                for number, block in enumerate(blocks):
                    if number:
                        paragraph.add_run().add_break()
                    self.inline(paragraph, block)
                self._run(paragraph, item.text, frozenset())
            else:
                self.inline(paragraph, item)
            for nested in item:
                if nested.tag in ("ul", "ol"):
                    self.list(nested, depth + 1)

    def block(self, element: Any, inserts: dict[str, Any], level: int, quote: bool) -> None:
        tag = element.tag
        if tag == "div" and element.get("data-insert"):
            key = element.get("data-insert")
            self.insert(xml_safe(inserts.get(key) or live.resolve([key])[key]))
        elif re.fullmatch(r"h[1-6]", tag):
            paragraph = self.doc.add_heading(level=min(9, level + int(tag[1])))
            self.inline(paragraph, element)
        elif tag in ("ul", "ol"):
            self.list(element, 1)
        elif tag == "table":
            self.table(element)
        elif tag == "blockquote":
            for child in markup.block_elements(markup.inner_html(element)):
                self.block(child, inserts, level, True)
        elif tag == "pre":
            run = self.doc.add_paragraph().add_run(element.text_content().rstrip("\n"))
            run.font.name = MONO
        elif tag == "hr":
            self.doc.add_paragraph("* * *")
        else:
            paragraph = self.doc.add_paragraph(style="Quote" if quote else None)
            self.inline(paragraph, element)

    def body(self, text: str, inserts: dict[str, Any], level: int) -> None:
        for element in markup.block_elements(markup.clean(text)):
            self.block(element, inserts, level, False)


def to_docx(assembled: dict[str, Any]) -> bytes:
    from docx import Document as WordDocument
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Cm, Pt

    assembled = xml_safe(assembled)
    doc = WordDocument()
    _russian_styles(doc)
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    section.top_margin = section.bottom_margin = Cm(2)
    section.different_first_page_header_footer = True
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(footer, "PAGE")
    doc.core_properties.title = assembled["title"]
    doc.core_properties.language = "ru-RU"

    # title page
    for _i in range(6):
        doc.add_paragraph()
    title = doc.add_paragraph(style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(assembled["title"])
    if assembled["period"]:
        period = doc.add_paragraph()
        period.alignment = WD_ALIGN_PARAGRAPH.CENTER
        period.add_run(
            _("Период: %(period)s годы") % {"period": assembled["period"]}
        ).font.size = Pt(14)
    state = doc.add_paragraph()
    state.alignment = WD_ALIGN_PARAGRAPH.CENTER
    state.add_run(status_line(assembled)).italic = True
    place = doc.add_paragraph()
    place.alignment = WD_ALIGN_PARAGRAPH.CENTER
    place.add_run(_("Москва"))
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # contents
    contents = doc.add_paragraph()
    contents.add_run(_("Содержание")).bold = True
    for item in assembled["sections"]:
        line = doc.add_paragraph()
        line.paragraph_format.left_indent = Cm(0.75 * (item["level"] - 1))
        line.add_run(f"{item['number']}. {item['title']}")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    writer = _DocxWriter(doc)
    for item in assembled["sections"]:
        doc.add_heading(f"{item['number']}. {item['title']}", level=min(9, item["level"]))
        writer.body(item["text"], assembled["inserts"], item["level"])
    typograph_docx(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# ------------------------------------------------------------------ PDF


def to_html_page(assembled: dict[str, Any], *, for_print: bool) -> str:
    context = {
        "doc": with_html(assembled),
        "status_line": status_line(assembled),
        "for_print": for_print,
    }
    return render_to_string("strategy/document_print.html", context)


def to_pdf(assembled: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    page = typograph_html(to_html_page(assembled, for_print=True))
    return bytes(HTML(string=page, base_url=".").write_pdf())


def export_filename(assembled: dict[str, Any], extension: str, slug: str) -> str:
    suffix = f"-v{assembled['version']}" if assembled.get("version") else "-proekt"
    return re.sub(r"[^a-z0-9-]", "", f"{slug}{suffix}") + f".{extension}"
