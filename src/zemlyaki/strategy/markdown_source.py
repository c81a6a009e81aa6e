"""Markdown as the sections were written before the visual editor: converted to the
stored HTML once by the data migration, and whenever a text still arrives as Markdown
(an API client, an older frozen version, a seed text).

The Markdown is CommonMark with tables and footnotes (markdown-it-py) and Russian
typography; raw HTML in it is not interpreted. A paragraph holding only a live-insert
code (``{{ table:bodies }}``) becomes the insert element ``<div data-insert="table:bodies">``.
"""

import functools
import re
from typing import Any

INSERT_RE = re.compile(r"\{\{\s*(table|chart)\s*:\s*([a-z0-9_-]+)\s*\}\}")
_INSERT_PARAGRAPH = re.compile(
    r"<p>\s*\{\{\s*(table|chart)\s*:\s*([a-z0-9_-]+)\s*\}\}\s*</p>", re.UNICODE
)


@functools.cache
def _parser() -> Any:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    # Russian typography: «ёлочки» and „лапки“ for quotes, dashes and ellipses
    options = {"html": False, "linkify": False, "typographer": True, "quotes": "«»„“"}
    parser = MarkdownIt("commonmark", options)
    return parser.enable(["table", "replacements", "smartquotes"]).use(footnote_plugin)


def looks_like_markdown(text: str) -> bool:
    """Stored texts are HTML and start with a tag; anything else is an older Markdown text."""
    stripped = (text or "").lstrip()
    return bool(stripped) and not stripped.startswith("<")


def to_html(text: str) -> str:
    """The Markdown rendered to HTML, insert codes turned into insert elements (unsanitised:
    the caller passes it through ``markup.clean``)."""
    rendered = _parser().render(text or "")
    if 'class="footnotes"' in rendered:
        rendered = _footnotes_as_paragraphs(rendered)
    return _INSERT_PARAGRAPH.sub(r'<div data-insert="\1:\2"></div>', rendered)


def _footnotes_as_paragraphs(rendered: str) -> str:
    """Footnotes become a «Примечания» paragraph and one paragraph «[1] …» per note: the
    visual editor has no footnotes, and these read the same on the page and in Word."""
    from django.utils.translation import gettext as _
    from lxml import html as lxml_html

    wrapper = lxml_html.fragment_fromstring(rendered, create_parent="div")
    for backref in wrapper.find_class("footnote-backref"):
        backref.drop_tree()
    for section in wrapper.find_class("footnotes"):
        notes = [lxml_html.fromstring(f"<p><strong>{_('Примечания')}</strong></p>")]
        for number, item in enumerate(section.find_class("footnote-item"), start=1):
            paragraph = lxml_html.Element("p")
            paragraph.text = f"[{number}] "
            for block in item:
                if block.text:
                    paragraph.text += block.text
                for child in list(block):
                    paragraph.append(child)
            if len(paragraph):
                paragraph[-1].tail = (paragraph[-1].tail or "").rstrip()
            else:
                paragraph.text = paragraph.text.rstrip()
            notes.append(paragraph)
        for note in reversed(notes):
            section.addnext(note)
        section.drop_tree()
    return "".join(str(lxml_html.tostring(child, encoding="unicode")) for child in wrapper) + (
        wrapper.text or ""
    )
