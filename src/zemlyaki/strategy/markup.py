"""Markdown of the sections: parsing into paragraphs, rendering to safe HTML, word diffs.

The text is CommonMark with tables and footnotes (markdown-it-py). Raw HTML in the
source is not interpreted, and the rendered HTML passes through nh3 with a short list
of tags and URL schemes, so a ``<script>`` or a ``javascript:`` link comes out harmless.
A "paragraph" is a top-level block of the source (a paragraph, a list, a table, a
heading...): comments and amendments are anchored to its index.
"""

import difflib
import functools
import html
import re
from dataclasses import dataclass
from typing import Any

import nh3

INSERT_RE = re.compile(r"\{\{\s*(table|chart)\s*:\s*([a-z0-9_-]+)\s*\}\}")

ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "s",
    "del", "ins", "code", "pre", "blockquote", "ul", "ol", "li", "a", "table", "thead",
    "tbody", "tr", "th", "td", "sup", "sub", "section", "div", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "data-para"},
    "a": {"href", "title"},
    "th": {"style"},
    "td": {"style"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}


@functools.cache
def _parser() -> Any:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    # Russian typography: «ёлочки» and „лапки“ for quotes, dashes and ellipses
    options = {"html": False, "linkify": False, "typographer": True, "quotes": "«»„“"}
    parser = MarkdownIt("commonmark", options)
    return parser.enable(["table", "replacements", "smartquotes"]).use(footnote_plugin)


@dataclass
class Block:
    index: int
    start: int  # first source line
    end: int  # line after the last
    text: str


def blocks(text: str) -> list[Block]:
    """Top-level blocks of the source with their line ranges."""
    lines = text.splitlines()
    result: list[Block] = []
    for token in _parser().parse(text):
        if token.level != 0 or token.nesting not in (0, 1) or token.map is None:
            continue
        if token.type.startswith("footnote"):
            continue
        start, end = token.map
        result.append(Block(len(result), start, end, "\n".join(lines[start:end]).strip()))
    return result


def paragraph_text(text: str, index: int) -> str | None:
    found = blocks(text)
    return found[index].text if 0 <= index < len(found) else None


def replace_paragraph(text: str, index: int, replacement: str) -> str:
    """The text with block ``index`` replaced; the rest of the source is kept byte for byte."""
    found = blocks(text)
    block = found[index]
    lines = text.splitlines()
    new_lines = lines[: block.start] + replacement.strip("\n").splitlines() + lines[block.end :]
    result = "\n".join(new_lines)
    return result + "\n" if text.endswith("\n") else result


def _sanitise(markup: str) -> str:
    return nh3.clean(
        markup,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener nofollow",
    )


def render(text: str, *, inserts: dict[str, str] | None = None, id_prefix: str = "") -> str:
    """Sanitised HTML of the text, each top-level block marked with ``data-para``.

    ``inserts`` maps a marker such as ``table:bodies`` to trusted HTML that replaces a
    paragraph consisting of that marker alone; without it markers stay as written.
    """
    md = _parser()
    env: dict[str, Any] = {"docId": id_prefix} if id_prefix else {}
    tokens = md.parse(text or "", env)
    index = 0
    for token in tokens:
        if token.level != 0 or token.nesting not in (0, 1) or token.map is None:
            continue
        if token.type.startswith("footnote"):
            continue
        token.attrSet("data-para", str(index))
        token.attrSet("id", f"{id_prefix}p-{index}")
        index += 1
    rendered = md.renderer.render(tokens, md.options, env)
    safe = _sanitise(rendered)
    if inserts:

        def put(match: re.Match[str]) -> str:
            key = f"{match.group(2)}:{match.group(3)}"
            return match.group(1) + inserts.get(key, match.group(0)) + "</div>"

        safe = re.sub(
            r'(<div class="live-insert" data-para="\d+" id="[^"]*">)'
            r"\s*\{\{\s*(table|chart)\s*:\s*([a-z0-9_-]+)\s*\}\}\s*</div>",
            put,
            _insert_wrappers(safe),
        )
    return safe


def _insert_wrappers(markup: str) -> str:
    """Turn a paragraph holding only a marker into a wrapper the insert goes into."""
    return re.sub(
        r'<p data-para="(\d+)" id="([^"]*)">\s*(\{\{\s*(?:table|chart)\s*:\s*[a-z0-9_-]+\s*\}\})\s*</p>',
        r'<div class="live-insert" data-para="\1" id="\2">\3</div>',
        markup,
    )


def markers(text: str) -> list[str]:
    """Live-insert markers used in a text, in order, as ``kind:name``."""
    return list(dict.fromkeys(f"{k}:{n}" for k, n in INSERT_RE.findall(text or "")))


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
    """Side-by-side word-level differences of two texts (difflib over word tokens)."""
    a, b = _tokens(old), _tokens(new)
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
