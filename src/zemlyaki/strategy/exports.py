"""DOCX (python-docx) and PDF (WeasyPrint) of an assembled document.

DOCX: a title page, a table of contents, real Word headings «1. …», the Markdown body
as Word paragraphs, lists and tables, live inserts as Word tables, footnotes gathered
under each section, page numbers in the footer. PDF: the same HTML as the preview with
print CSS — Russian hyphenation, page numbers, contents with page references.
"""

import io
import re
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from . import inserts as live
from . import markup
from .assembly import status_line, with_html

FONT = "Liberation Serif"
MONO = "Liberation Mono"


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


class _DocxWriter:
    def __init__(self, document: Any) -> None:
        self.doc = document
        self.footnotes: list[str] = []

    # inline ----------------------------------------------------------
    def inline(self, paragraph: Any, token: Any, notes: dict[str, int]) -> None:
        bold = italic = False
        link: str | None = None
        for child in token.children or []:
            kind = child.type
            if kind == "strong_open":
                bold = True
            elif kind == "strong_close":
                bold = False
            elif kind == "em_open":
                italic = True
            elif kind == "em_close":
                italic = False
            elif kind == "link_open":
                link = str(child.attrGet("href") or "")
            elif kind == "link_close":
                if link and not link.startswith("#"):
                    paragraph.add_run(f" ({link})")
                link = None
            elif kind in ("text", "html_inline"):
                run = paragraph.add_run(child.content)
                run.bold, run.italic = bold or None, italic or None
            elif kind == "code_inline":
                run = paragraph.add_run(child.content)
                run.font.name = MONO
            elif kind == "softbreak":
                paragraph.add_run(" ")
            elif kind == "hardbreak":
                paragraph.add_run().add_break()
            elif kind == "footnote_ref":
                label = child.meta.get("label") or str(child.meta.get("id", 0) + 1)
                number = notes.setdefault(label, len(notes) + 1)
                run = paragraph.add_run(f"[{number}]")
                run.font.superscript = True
            elif kind == "image":
                paragraph.add_run(child.content or "")

    def plain(self, token: Any) -> str:
        return "".join(
            c.content for c in (token.children or []) if c.type in ("text", "code_inline")
        )

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

    def table(self, tokens: list[Any], start: int, notes: dict[str, int]) -> int:
        rows: list[list[Any]] = []
        i = start
        while tokens[i].type != "table_close":
            token = tokens[i]
            if token.type == "tr_open":
                rows.append([])
            elif token.type == "inline" and rows:
                rows[-1].append(token)
            i += 1
        columns = max((len(r) for r in rows), default=1)
        table = self.doc.add_table(rows=0, cols=columns)
        table.style = "Table Grid"
        for r, row in enumerate(rows):
            cells = table.add_row().cells
            for c, inline in enumerate(row):
                paragraph = cells[c].paragraphs[0]
                self.inline(paragraph, inline, notes)
                if r == 0:
                    for run in paragraph.runs:
                        run.bold = True
        return i

    def body(self, text: str, inserts: dict[str, Any], level: int) -> None:
        md = markup._parser()
        env: dict[str, Any] = {}
        tokens = md.parse(text or "", env)
        notes: dict[str, int] = {}
        list_stack: list[str] = []
        quote = 0
        i = 0
        while i < len(tokens):
            token = tokens[i]
            kind = token.type
            if kind.startswith("footnote_block"):
                break
            if kind in ("bullet_list_open", "ordered_list_open"):
                list_stack.append("List Bullet" if kind == "bullet_list_open" else "List Number")
            elif kind in ("bullet_list_close", "ordered_list_close"):
                list_stack.pop()
            elif kind == "blockquote_open":
                quote += 1
            elif kind == "blockquote_close":
                quote -= 1
            elif kind == "heading_open":
                inline = tokens[i + 1]
                heading_level = min(9, level + int(token.tag[1]))
                paragraph = self.doc.add_heading(level=heading_level)
                self.inline(paragraph, inline, notes)
                i += 2
            elif kind == "paragraph_open":
                inline = tokens[i + 1]
                marker = markup.INSERT_RE.fullmatch(inline.content.strip())
                if marker and not list_stack:
                    key = f"{marker.group(1)}:{marker.group(2)}"
                    self.insert(inserts.get(key) or live.resolve([key])[key])
                else:
                    style = None
                    if list_stack:
                        depth = len(list_stack)
                        style = list_stack[-1] + (f" {depth}" if depth > 1 else "")
                        if style not in self.doc.styles:
                            style = list_stack[-1]
                    elif quote:
                        style = "Quote"
                    paragraph = self.doc.add_paragraph(style=style)
                    self.inline(paragraph, inline, notes)
                i += 2
            elif kind in ("fence", "code_block"):
                paragraph = self.doc.add_paragraph()
                run = paragraph.add_run(token.content.rstrip("\n"))
                run.font.name = MONO
            elif kind == "table_open":
                i = self.table(tokens, i, notes)
            i += 1
        if notes:
            self.footnote_list(tokens[i:], env, notes)

    def footnote_list(self, tokens: list[Any], env: dict[str, Any], notes: dict[str, int]) -> None:
        """The footnotes of a section, numbered as referenced, under «Примечания»."""
        labels = {
            key: str(value.get("label", key + 1))
            for key, value in env.get("footnotes", {}).get("list", {}).items()
        }
        contents: dict[str, list[str]] = {}
        current: str | None = None
        for token in tokens:
            if token.type == "footnote_open":
                current = labels.get(token.meta.get("id"), str(token.meta.get("id")))
                contents[current] = []
            elif token.type == "footnote_close":
                current = None
            elif token.type == "inline" and current is not None:
                contents[current].append(self.plain(token))
        self.doc.add_paragraph().add_run(_("Примечания")).bold = True
        for label, number in sorted(notes.items(), key=lambda kv: kv[1]):
            self.doc.add_paragraph(f"[{number}] {' '.join(contents.get(label, []))}")


def to_docx(assembled: dict[str, Any]) -> bytes:
    from docx import Document as WordDocument
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Cm, Pt

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

    page = to_html_page(assembled, for_print=True)
    return bytes(HTML(string=page, base_url=".").write_pdf())


def export_filename(assembled: dict[str, Any], extension: str, slug: str) -> str:
    suffix = f"-v{assembled['version']}" if assembled.get("version") else "-proekt"
    return re.sub(r"[^a-z0-9-]", "", f"{slug}{suffix}") + f".{extension}"
