"""Russian as it is written, in one place: plural agreement of a number and its noun,
and the typographer that generated text and pages go through.

``plural(n, "участник,участника,участников")`` → «участников» (the word alone, for a
label under a big figure); ``count(n, forms)`` → «5 участников» with a non-breaking space
and thousands grouped (1 000 000). Forms go through ``gettext`` in the caller so that they
are translated; the rule for choosing follows the active language.
"""

import re
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.utils.translation import get_language

from zemlyaki.core.yo import YO_RE, cased, restore_yo

NBSP = "\u00a0"


def _forms(forms: str | tuple[str, str, str] | Any) -> tuple[str, str, str]:
    if isinstance(forms, tuple):
        return forms
    one, few, many = (part.strip() for part in str(forms).split(","))
    return one, few, many


def plural_form(n: int, forms: str | tuple[str, str, str] | Any) -> str:
    """The form for ``n`` from (one, few, many): 1 землячество, 2 землячества,
    5 землячеств. English (forms translated as "association,associations,associations"):
    one for 1, many otherwise."""
    one, few, many = _forms(forms)
    n = abs(int(n))
    if not (get_language() or "ru").startswith("ru"):
        return one if n == 1 else many
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


plural = plural_form


def group_thousands(number: int) -> str:
    """1000000 → «1 000 000» with non-breaking spaces (four-digit numbers stay whole)."""
    number = int(number)
    if abs(number) < 10_000:
        return str(number)
    return f"{number:,}".replace(",", NBSP)


def count(n: Any, forms: str | tuple[str, str, str] | Any) -> str:
    """«5 участников»: the number, a non-breaking space and the agreeing form."""
    number = int(n or 0)
    return f"{group_thousands(number)}{NBSP}{plural_form(number, forms)}"


# ---------------------------------------------------------------- the typographer

# Short words that must not be left at the end of a line: prepositions, conjunctions, particles.
SHORT_WORDS = [
    "а",
    "без",
    "в",
    "во",
    "да",
    "для",
    "до",
    "за",
    "и",
    "из",
    "изо",
    "или",
    "к",
    "ко",
    "на",
    "над",
    "не",
    "ни",
    "но",
    "о",
    "об",
    "обо",
    "от",
    "ото",
    "по",
    "под",
    "при",
    "про",
    "с",
    "со",
    "у",
]
_CYR = "А-Яа-яЁё"


def _after_short_word() -> str:
    """A lookbehind for «a short word and a space», one per length of word (a lookbehind
    has a fixed width): the pattern starts with the space, which the engine finds fast."""
    lengths: dict[int, list[str]] = {}
    for word in cased(SHORT_WORDS):
        lengths.setdefault(len(word), []).append(word)
    return "|".join(rf"(?<=\b(?:{'|'.join(words)}) )" for words in lengths.values())


_SHORT_RE = re.compile(rf" (?:{_after_short_word()})(?=[{_CYR}A-Za-z0-9«(])")
# Particles that lean on the word before them: «он же», «так ли», «если бы».
_PARTICLE_RE = re.compile(rf" (?=(?:же|ли|бы)(?![{_CYR}A-Za-z0-9\-]))(?<=[{_CYR}] )")
# A hyphen or an en dash standing alone between words is a dash: «Москвы — сплочение».
_DASH_RE = re.compile(r"(?<=\S)[ \u00a0]+(?:-{1,2}|–|—)[ \u00a0]+(?=\S)")
_HYPHEN_RE = re.compile(r"(?<=\S) +(?:-{1,2}|–) +(?=\S)")  # not yet a dash
# A range of years: 2024-2032 → 2024–2032 (only years, never phone numbers or codes).
_YEARS_RE = re.compile(r"\b((?:1[89]|20)\d\d) ?[-–—] ?((?:1[89]|20)\d\d)\b")
# A number written with spaces between thousands: the spaces become non-breaking.
_THOUSANDS_RE = re.compile(r"\b(\d{1,3})((?: \d{3})+)\b")
# A number and the word it counts (5 участников), «№ 1», «§ 2»: kept on one line.
_NUMBER_WORD_RE = re.compile(rf"(?<![\d.,:/-])(\d+|№|§) (?=[{_CYR}\d])")
_NUMBER_RE = re.compile(r"[\d№§] ")
_QUOTE_RE = re.compile(r'"|&quot;|&#34;')


def _quotes(text: str, before: str = "") -> str:
    """Straight double quotes become «ёлочки» (and „лапки“ inside them): a quote opens
    after a space, a bracket or the start, and closes otherwise."""
    out: list[str] = []
    depth = 0
    previous = before
    position = 0
    for match in _QUOTE_RE.finditer(text):
        out.append(text[position : match.start()])
        chunk = text[position : match.start()]
        if chunk:
            previous = chunk[-1]
        opens = previous == "" or previous.isspace() or previous in "([{—–-/\u00a0«„"
        if opens:
            out.append("«" if depth == 0 else "„")
            depth += 1
        else:
            depth = max(depth - 1, 0)
            out.append("»" if depth == 0 else "“")
        previous = out[-1]
        position = match.end()
    out.append(text[position:])
    return "".join(out)


def _tie(match: re.Match[str]) -> str:
    return match[1] + NBSP


def typograph(text: str, *, before: str = "", spacing: bool = True, ties: bool = True) -> str:
    """Russian typography for a piece of plain text (or of an HTML text node):
    «ёлочки», an em dash, an en dash in ranges of years, «ё» where the word needs it
    (core.yo), non-breaking spaces after short prepositions and conjunctions (and before
    «же», «ли», «бы»), between a number and its word and between the groups of a long
    number (1 000 000). ``before`` is the character that precedes the text (for a node
    inside a sentence). With ``spacing`` a dash gets a non-breaking space before it;
    without (the page-wide pass) a proper dash keeps the spaces it was written with.
    ``ties=False`` leaves the spaces after short words and numbers as they are."""
    if not text or text.isspace():
        return text
    # Each step only where its characters occur: the page-wide pass runs on every page.
    if spacing or '"' in text or "&quot;" in text or "&#34;" in text:
        text = _quotes(text, before)
    if spacing or "-" in text or "–" in text or "—" in text:
        # With spacing, every dash is tied to the word before it; without, only a hyphen
        # or an en dash standing for a dash is replaced and the spaces stay as they were.
        text = _DASH_RE.sub("\u00a0— ", text) if spacing else _HYPHEN_RE.sub(" — ", text)
        text = _YEARS_RE.sub(lambda m: f"{m[1]}–{m[2]}" if m[1] < m[2] else m[0], text)
    text = restore_yo(text)
    if not ties:
        return text
    if spacing or _NUMBER_RE.search(text):
        text = _THOUSANDS_RE.sub(lambda m: m[1] + m[2].replace(" ", NBSP), text)
        text = _NUMBER_WORD_RE.sub(_tie, text)
    text = _SHORT_RE.sub(NBSP, text)
    return _PARTICLE_RE.sub(NBSP, text)


def typograph_message(subject: str, body: str) -> tuple[str, str]:
    """The subject and the plain-text body of a letter, set as Russian is written (the
    subject on one line: a folded header must not break inside a phrase anyway)."""
    if not (get_language() or "ru").startswith("ru"):
        return subject, body
    return typograph(subject), typograph(body)


# What the page-wide pass (``spacing=False``) may change: a straight quote, a hyphen or
# dash (standing for a dash, or in a range of years), a short word or a number followed
# by a space, a word that needs «ё». A text without any is left alone.
_PAGE_WIDE_RE = re.compile(
    rf'[-–—"№§&]| (?:{_after_short_word()}|(?<=[\d№§] )|(?=(?:же|ли|бы)\b))|{YO_RE.pattern}'
)
_TAG_RE = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_TAG_NAME_RE = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)")
_SKIP_TAGS = frozenset(("script", "style", "textarea", "pre", "code", "svg", "kbd", "samp"))
_BLOCK_TAGS = frozenset(("p", "li", "td", "th", "br", "div", "h1", "h2", "h3", "h4", "tr"))


def typograph_html(html: str, *, spacing: bool = True, ties: bool = True) -> str:
    """The typographer over the text of an HTML fragment: tags, attributes, comments and
    the insides of ``script``, ``style``, ``textarea``, ``pre``, ``code`` and ``svg``
    stay as they are."""
    parts = _TAG_RE.split(html)
    skipping: list[str] = []
    before = ""
    for index, part in enumerate(parts):
        if index % 2:  # a tag or a comment: only its name matters
            tag = _TAG_NAME_RE.match(part)
            if tag is None:
                continue
            name = tag[1].lower()
            if name in _SKIP_TAGS and not tag[0].startswith("</") and not part.endswith("/>"):
                skipping.append(name)
            elif tag[0].startswith("</") and skipping and name == skipping[-1]:
                skipping.pop()
            elif name in _BLOCK_TAGS:
                before = " "
            continue
        if skipping or not part or part.isspace():
            continue
        if spacing or _PAGE_WIDE_RE.search(part):
            parts[index] = typograph(part, before=before, spacing=spacing, ties=ties)
        before = part[-1]
    return "".join(parts)


_MONOSPACE = ("Liberation Mono", "Courier New", "Consolas", "DejaVu Sans Mono")


def _docx_paragraphs(container: Any) -> Iterator[Any]:
    yield from container.paragraphs
    for table in getattr(container, "tables", ()):
        for row in table.rows:
            for cell in row.cells:
                yield from _docx_paragraphs(cell)


def typograph_docx(document: Any) -> None:
    """Every paragraph of a Word document (the body, its tables, headers and footers)
    through the typographer, run by run; a run in a monospace font (code) is left as it
    is, and so is a run the typographer does not change (a page break, a field)."""
    containers = [document]
    for section in document.sections:
        containers.extend([section.header, section.footer])
    for container in containers:
        for paragraph in _docx_paragraphs(container):
            before = ""
            for run in paragraph.runs:
                text = run.text
                if text and run.font.name not in _MONOSPACE:
                    fixed = typograph(text, before=before)
                    if fixed != text:
                        run.text = fixed
                    before = fixed[-1]


class TypographyMiddleware:
    """Every Russian HTML page goes through the typographer once, on its way out: quotes,
    dashes, ranges of years, «ё» and non-breaking spaces after short words and in numbers
    are set right whatever template or record the text came from."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        response = self.get_response(request)
        if not getattr(response, "typeset", False):
            typeset_response(response)
        return response


def typeset_response(response: Any) -> None:
    """Typeset a Russian HTML response in place (others are left as they are)."""
    if (
        getattr(response, "streaming", False)
        or not response.get("Content-Type", "").startswith("text/html")
        or "attachment" in response.get("Content-Disposition", "")
        or not (get_language() or "ru").startswith("ru")
    ):
        return
    html = response.content.decode(response.charset or "utf-8")
    start = html.find("<body")
    head, body = (html[:start], html[start:]) if start >= 0 else ("", html)
    ties = getattr(settings, "ZEMLYAKI_TYPOGRAPHY_TIES", True)
    fixed = head + typograph_html(body, spacing=False, ties=ties)
    if fixed != html:
        response.content = fixed.encode(response.charset or "utf-8")
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
    response.typeset = True
