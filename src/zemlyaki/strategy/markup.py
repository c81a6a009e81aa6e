"""The sections' text: HTML from the visual editor, sanitised, split into paragraphs,
rendered with live inserts, compared as plain text.

The stored form is HTML passed through nh3 with a short list of tags and attributes
(``clean``), so a ``<script>``, an ``onclick`` or a ``javascript:`` link never reaches the
database. A live insert is an empty element ``<div data-insert="table:bodies"></div>``:
the editor shows it as the table itself and the menu «Вставить таблицу» adds it, nobody
types it. A "paragraph" is a top-level element (a paragraph, a list, a table, a
heading, an insert): comments and amendments are anchored to its index.
"""

import difflib
import html
import re
import secrets
from dataclasses import dataclass
from typing import Any

import nh3
from django.utils.translation import gettext as _

from . import markdown_source

INSERT_KEY_RE = re.compile(r"^(table|chart):[a-z0-9_-]+$")
_INSERT_ATTR_RE = re.compile(r'data-insert="((?:table|chart):[a-z0-9_-]+)"')

STORED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "s", "u",
    "code", "pre", "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th",
    "td", "sup", "sub", "div",
}  # fmt: skip
STORED_ATTRIBUTES = {
    "a": {"href", "title"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
    "div": {"data-insert"},
}
URL_SCHEMES = {"http", "https", "mailto"}

# what the rendered page may carry besides: anchors for comments and the insert wrapper
_SHOWN_ATTRIBUTES = {k: set(v) for k, v in STORED_ATTRIBUTES.items()} | {
    "*": {"id", "class", "data-para"}
}

BLOCK_TAGS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "blockquote", "pre", "hr",
    "div",
}  # fmt: skip


def _nh3(markup: str, attributes: dict[str, set[str]]) -> str:
    return nh3.clean(
        markup,
        tags=STORED_TAGS,
        attributes=attributes,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def _fragments(markup: str) -> list[Any]:
    """Top-level elements; loose inline content at the top level becomes a paragraph.
    An insert element keeps only its key and no content; any other ``div`` is unwrapped."""
    from lxml import html as lxml_html

    if not markup.strip():
        return []
    wrapper = lxml_html.fragment_fromstring(markup, create_parent="div")
    for div in [d for d in wrapper.iter("div") if d is not wrapper]:
        key = div.get("data-insert", "")
        if INSERT_KEY_RE.match(key):
            for child in list(div):
                div.remove(child)
            div.text = None
            div.attrib.clear()
            div.set("data-insert", key)
        else:
            div.drop_tag()
    result: list[Any] = []
    paragraph: Any = None
    if wrapper.text and wrapper.text.strip():
        paragraph = lxml_html.Element("p")
        paragraph.text = wrapper.text
        result.append(paragraph)
    for child in list(wrapper):
        tail = child.tail
        child.tail = None
        if isinstance(child.tag, str) and child.tag in BLOCK_TAGS:
            paragraph = None
            result.append(child)
        else:
            if paragraph is None:
                paragraph = lxml_html.Element("p")
                result.append(paragraph)
            paragraph.append(child)
        if tail and tail.strip():
            if paragraph is None:
                paragraph = lxml_html.Element("p")
                paragraph.text = tail
                result.append(paragraph)
            elif len(paragraph):
                last = paragraph[-1]
                last.tail = (last.tail or "") + tail
            else:
                paragraph.text = (paragraph.text or "") + tail
    return result


def block_elements(text: str) -> list[Any]:
    """The top-level elements (lxml) of an already clean text, for the exports."""
    return _fragments(text)


def inner_html(element: Any) -> str:
    return (html.escape(element.text) if element.text else "") + "".join(
        _serialise(child) for child in element
    )


def _serialise(element: Any) -> str:
    from lxml import html as lxml_html

    return str(lxml_html.tostring(element, encoding="unicode"))


def clean(text: str) -> str:
    """The stored form of a section's text: sanitised HTML; Markdown is converted first."""
    if markdown_source.looks_like_markdown(text):
        text = markdown_source.to_html(text)
    parts: list[str] = []
    for element in _fragments(_nh3(text or "", STORED_ATTRIBUTES)):
        if element.tag == "p" and not _inline_text(element).strip() and not len(element):
            continue  # the editor's empty paragraphs
        parts.append(_serialise(element))
    return "".join(parts)


# ------------------------------------------------------------------ plain text


def insert_label(key: str) -> str:
    from zemlyaki.core.registries import inserts

    provider = inserts.get(key)
    name = str(provider.label) if provider else key
    if key.startswith("chart:"):
        return _("[Диаграмма: %(name)s]") % {"name": name}
    return _("[Таблица: %(name)s]") % {"name": name}


_INLINE_BLOCKS = {"p", "li", "ul", "ol", "div", "h1", "h2", "h3", "h4", "h5", "h6"}


def _inline_text(element: Any) -> str:
    parts = [element.text or ""]
    for child in element:
        if child.tag == "br":
            parts.append("\n")
        elif isinstance(child.tag, str):
            inner = _inline_text(child)
            parts.append(f" {inner} " if child.tag in _INLINE_BLOCKS else inner)
        parts.append(child.tail or "")
    return "".join(parts)


def _text(element: Any) -> str:
    """The plain text of a top-level element, readable: list items on their own lines,
    table cells separated by « | », an insert by its name."""
    tag = element.tag
    if tag == "div" and element.get("data-insert"):
        return insert_label(element.get("data-insert"))
    if tag in ("ul", "ol"):
        lines = []
        for number, item in enumerate(element.findall("li"), start=int(element.get("start", 1))):
            mark = f"{number}." if tag == "ol" else "•"
            lines.append(f"{mark} {' '.join(_inline_text(item).split())}")
        return "\n".join(lines)
    if tag == "table":
        return "\n".join(
            " | ".join(" ".join(_inline_text(cell).split()) for cell in row.iter("td", "th"))
            for row in element.iter("tr")
        )
    if tag == "hr":
        return "* * *"
    return _inline_text(element).strip()


@dataclass
class Block:
    index: int
    text: str  # plain text
    html: str  # the element as stored


def blocks(text: str) -> list[Block]:
    """Top-level blocks of the text with their plain text."""
    return [
        Block(index, _text(element), _serialise(element))
        for index, element in enumerate(_fragments(clean(text)))
    ]


def to_text(text: str) -> str:
    """The whole text as readable plain text, one block per paragraph (for diffs)."""
    return "\n\n".join(block.text for block in blocks(text))


def paragraph_text(text: str, index: int) -> str | None:
    found = blocks(text)
    return found[index].text if 0 <= index < len(found) else None


def _replacement(block: Block, replacement: str) -> str:
    """The proposed plain text as HTML in the shape of the block it replaces."""
    from lxml import html as lxml_html

    lines = [line.strip() for line in replacement.strip().splitlines()]
    tag = lxml_html.fragment_fromstring(block.html).tag
    if tag in ("ul", "ol"):
        items = [re.sub(r"^(?:[-•*]|\d+[.)])\s*", "", line) for line in lines if line]
        body = "".join(f"<li><p>{html.escape(item)}</p></li>" for item in items)
        return f"<{tag}>{body}</{tag}>"
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", replacement.strip()) if p.strip()]
    inner_tag = tag if re.fullmatch(r"h[1-6]", tag) else "p"
    return "".join(
        f"<{inner_tag}>{'<br>'.join(html.escape(line) for line in p.splitlines())}</{inner_tag}>"
        for p in paragraphs
    )


def replace_paragraph(text: str, index: int, replacement: str) -> str:
    """The text with block ``index`` replaced by plain text; the other blocks are kept."""
    found = blocks(text)
    parts = [block.html for block in found]
    parts[index] = _replacement(found[index], replacement)
    return clean("".join(parts))


# ------------------------------------------------------------------ rendering


def _sanitise(markup: str) -> str:
    return nh3.clean(
        markup,
        tags=STORED_TAGS,
        attributes=_SHOWN_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener nofollow",
    )


def render(text: str, *, inserts: dict[str, str] | None = None, id_prefix: str = "") -> str:
    """Sanitised HTML of the text, each top-level block marked with ``data-para``.

    ``inserts`` maps a key such as ``table:bodies`` to trusted HTML that fills the insert
    element; without it (or for a key it lacks) the insert shows its name.
    """
    parts: list[str] = []
    wanted: dict[int, str] = {}
    token = secrets.token_hex(8)  # a placeholder no text can contain in advance
    for index, element in enumerate(_fragments(clean(text))):
        key = element.get("data-insert") if element.tag == "div" else None
        if key:
            wanted[index] = key
            parts.append(
                f'<div class="live-insert" data-para="{index}" id="{id_prefix}p-{index}">'
                f"insert-{token}-{index}</div>"
            )
            continue
        element.set("data-para", str(index))
        element.set("id", f"{id_prefix}p-{index}")
        parts.append(_serialise(element))
    safe = _sanitise("\n".join(parts))
    for index, key in wanted.items():
        filling = (inserts or {}).get(key)
        if filling is None:
            filling = f'<p class="insert-note">{html.escape(insert_label(key))}</p>'
        safe = safe.replace(f"insert-{token}-{index}<", f"{filling}<", 1)
    return safe + ("\n" if safe else "")


def markers(text: str) -> list[str]:
    """Live-insert keys used in a text, in order, as ``kind:name``."""
    if markdown_source.looks_like_markdown(text):
        found = [f"{k}:{n}" for k, n in markdown_source.INSERT_RE.findall(text)]
    else:
        found = _INSERT_ATTR_RE.findall(text or "")
    return list(dict.fromkeys(found))


def insert_choices() -> list[dict[str, str]]:
    """The live inserts the menu «Вставить таблицу» offers, by name."""
    from zemlyaki.core.registries import inserts

    choices = [{"key": p.key, "label": str(p.label)} for p in inserts]
    return sorted(choices, key=lambda c: c["label"])


# ---------------------------------------------------------------- word diff

_TOKEN_RE = re.compile(r"\s+|[\wЁё]+|[^\w\s]", re.UNICODE)


def _tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall(text or "")


@dataclass
class Diff:
    left: str  # HTML of the older text with deletions marked
    right: str  # HTML of the newer text with insertions marked
    inserted: int  # words
    deleted: int


def word_diff(old: str, new: str) -> Diff:
    """Side-by-side word-level differences of the two texts as read (plain text, one
    paragraph per block), so markup never shows up as a change."""
    a, b = _tokens(to_text(old)), _tokens(to_text(new))
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    left: list[str] = []
    right: list[str] = []
    inserted = deleted = 0
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        old_part = html.escape("".join(a[i1:i2]))
        new_part = html.escape("".join(b[j1:j2]))
        if op == "equal":
            left.append(old_part)
            right.append(new_part)
            continue
        if op in ("delete", "replace"):
            left.append(f'<del class="diff-del">{old_part}</del>')
            deleted += sum(1 for t in a[i1:i2] if not t.isspace())
        if op in ("insert", "replace"):
            right.append(f'<ins class="diff-ins">{new_part}</ins>')
            inserted += sum(1 for t in b[j1:j2] if not t.isspace())
    return Diff("".join(left), "".join(right), inserted, deleted)
