"""The workbook's parts that the sheet's cells need, and the expat reading of the sheet:
its XML is fed to expat in chunks straight from the archive and each row is given out
as soon as it ends. ``xlsx`` reads most sheets faster and hands this path what it does
not recognise; plain shared strings are taken by a regular expression too
(``plain_strings``).

It gives the values openpyxl's read-only mode gives with ``values_only=True`` (shared
and inline strings, numbers as int or float, booleans, error codes, dates by the cell's
number format as ``datetime``) at a fraction of its cost: no element tree, no cell
objects, no descriptors. Row numbers are those of the sheet; the rows missing between
them come out empty, as openpyxl gives them."""

import codecs
import re
import zipfile
from collections.abc import Iterator
from typing import Any
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CHUNK = 1 << 16
# A stretch without the end of a row or of a shared string longer than this is left to
# the expat handlers, so that memory stays bounded.
LIMIT = 1 << 22
_COLUMN = re.compile(r"[A-Z]+")


def make_parser(start: Any = None, end: Any = None, text: Any = None) -> Any:
    """An expat parser with namespaces split by a space, that refuses a DOCTYPE (no
    entity can be declared, so none can be expanded)."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def no_doctype(*_args: Any) -> None:
        raise ValueError("DOCTYPE in a workbook part")

    parser.StartDoctypeDeclHandler = no_doctype
    if start:
        parser.StartElementHandler = start
    if end:
        parser.EndElementHandler = end
    if text:
        parser.CharacterDataHandler = text
    return parser


def _parse_part(
    archive: zipfile.ZipFile, name: str, start: Any, end: Any = None, text: Any = None
) -> None:
    parser = make_parser(start, end, text)
    with archive.open(name) as part:
        while chunk := part.read(CHUNK):
            parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _part_name(base: str, target: str) -> str:
    if target.startswith("/"):
        return target[1:]
    folder = base.rsplit("/", 1)[0]
    parts: list[str] = []
    for piece in f"{folder}/{target}".split("/"):
        if piece == "..":
            parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts)


class Unsupported(Exception):
    """The sheet's frame is not one the fast reader knows: the expat path reads it."""


class Unescape:
    """Texts with entities, through one expat parser: each text is followed by an empty
    element, so that a text comes out whole when the element starts."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.done: list[str] = []
        self.cache: dict[str, str] = {}
        self.parser = expat.ParserCreate()
        self.parser.buffer_text = True
        self.parser.CharacterDataHandler = self.parts.append
        self.parser.StartElementHandler = self._next
        self.parser.Parse("<x>", False)

    def _next(self, _tag: str, _attrs: Any) -> None:
        self.done.append("".join(self.parts))
        self.parts.clear()

    def __call__(self, raw: str) -> str:
        text = self.cache.get(raw)
        if text is None:
            self.done.clear()
            self.parser.Parse(raw + "<y/>", False)
            if not self.done:  # expat held the text back: let the expat path read it all
                raise Unsupported
            if len(self.cache) > 100_000:
                self.cache.clear()
            text = self.cache[raw] = self.done[0]
        return text


_STRINGS_HEAD = re.compile(
    rf'\ufeff?(?:<\?xml[^>]*\?>)?\s*<sst xmlns="{re.escape(MAIN)}"(?: [^ =<>/"]+="[^"<&]*")*(/?)>'
)
_STRING = re.compile(r'<si>(?:<t(?: xml:space="preserve")?>([^<]*)</t>|<t/>)</si>|([<&])')
_UTF8 = re.compile(rb"\A(?:\xef\xbb\xbf)?<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)[\"']")


def plain_strings(archive: zipfile.ZipFile) -> list[str] | None:
    """The shared strings when each is one plain ``<t>`` (no rich text, no phonetic
    runs), read by a regular expression while expat only checks the part (a DOCTYPE
    refused, a broken part failing with its error); None for any other part."""
    checker = make_parser()
    decoder = codecs.getincrementaldecoder("utf-8")()
    unescape = Unescape()
    strings: list[str] = []
    buffer = ""
    head = True
    with archive.open("xl/sharedStrings.xml") as part:
        while True:
            chunk = part.read(CHUNK)
            checker.Parse(chunk, not chunk)
            if head:
                declared = _UTF8.match(chunk)
                if chunk[:2] in (b"\xff\xfe", b"\xfe\xff") or (
                    declared and declared.group(1).lower() != b"utf-8"
                ):
                    return None
            buffer += decoder.decode(chunk, not chunk)
            if head:
                found = _STRINGS_HEAD.match(buffer)
                if found is None:
                    if len(buffer) > 1 << 16 or not chunk:
                        return None
                    continue
                if found.group(1):
                    return strings
                head, buffer = False, buffer[found.end() :]
            cut = buffer.rfind("</si>") + 5
            if cut >= 5:
                region, buffer = buffer[:cut], buffer[cut:]
                if "\r" in region or "]]>" in region:
                    return None
                for text, other in _STRING.findall(region):
                    if other:
                        return None
                    strings.append(unescape(text) if "&" in text else text)
            elif len(buffer) > LIMIT:
                return None
            if not chunk:
                return strings if buffer.lstrip().startswith("</sst>") else None


class Book:
    """What the sheet's cells need: the first sheet's part, the shared strings, which
    styles are dates, and the calendar."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        names = set(archive.namelist())
        workbook = "xl/workbook.xml"
        first: list[str] = []
        epoch = [CALENDAR_WINDOWS_1900]

        def on_workbook(tag: str, attrs: dict[str, str]) -> None:
            if tag == f"{MAIN} sheet" and not first:
                first.append(attrs.get(f"{RELS} id", ""))
            elif tag == f"{MAIN} workbookPr" and attrs.get("date1904") in ("1", "true"):
                epoch[0] = CALENDAR_MAC_1904

        _parse_part(archive, workbook, on_workbook)
        targets: dict[str, str] = {}

        def on_rels(tag: str, attrs: dict[str, str]) -> None:
            if tag == f"{PACKAGE_RELS} Relationship":
                targets[attrs.get("Id", "")] = attrs.get("Target", "")

        _parse_part(archive, "xl/_rels/workbook.xml.rels", on_rels)
        self.sheet = _part_name(workbook, targets[first[0]])
        self.epoch = epoch[0]
        self.strings = self._strings(archive) if "xl/sharedStrings.xml" in names else []
        self.dates = self._date_styles(archive) if "xl/styles.xml" in names else set()

    @staticmethod
    def _strings(archive: zipfile.ZipFile) -> list[str]:
        strings: list[str] = []
        parts: list[str] = []
        state = {"in_t": False, "phonetic": 0}

        def start(tag: str, _attrs: dict[str, str]) -> None:
            if tag == f"{MAIN} si":
                parts.clear()
            elif tag == f"{MAIN} rPh":
                state["phonetic"] += 1
            elif tag == f"{MAIN} t" and not state["phonetic"]:
                state["in_t"] = True

        def end(tag: str) -> None:
            if tag == f"{MAIN} si":
                strings.append("".join(parts))
            elif tag == f"{MAIN} rPh":
                state["phonetic"] -= 1
            elif tag == f"{MAIN} t":
                state["in_t"] = False

        def text(data: str) -> None:
            if state["in_t"]:
                parts.append(data)

        try:
            plain = plain_strings(archive)
        except Unsupported:
            plain = None
        if plain is not None:
            return plain
        _parse_part(archive, "xl/sharedStrings.xml", start, end, text)
        return strings

    @staticmethod
    def _date_styles(archive: zipfile.ZipFile) -> set[int]:
        custom: dict[int, str] = {}
        formats: list[int] = []
        depth = {"xfs": False}

        def start(tag: str, attrs: dict[str, str]) -> None:
            if tag == f"{MAIN} numFmt":
                custom[int(attrs.get("numFmtId", "0"))] = attrs.get("formatCode", "")
            elif tag == f"{MAIN} cellXfs":
                depth["xfs"] = True
            elif tag == f"{MAIN} xf" and depth["xfs"]:
                formats.append(int(attrs.get("numFmtId", "0")))

        def end(tag: str) -> None:
            if tag == f"{MAIN} cellXfs":
                depth["xfs"] = False

        _parse_part(archive, "xl/styles.xml", start, end)
        dates = set()
        for index, fmt in enumerate(formats):
            code = custom.get(fmt) or BUILTIN_FORMATS.get(fmt, "General")
            if is_date_format(code):
                dates.add(index)
        return dates


def column(ref: str) -> int:
    letters = _COLUMN.match(ref)
    if not letters:
        return -1
    number = 0
    for ch in letters.group():
        number = number * 26 + ord(ch) - 64
    return number - 1


class Sheet:
    """The expat handlers of the sheet's XML and what they build: the rows finished so
    far (``done``) and the sheet's row number reached (``position``). The fast reader
    (``xlsxfast``) hands them the parts it does not read itself."""

    def __init__(self, book: Book) -> None:
        self.strings, self.dates, self.epoch = book.strings, book.dates, book.epoch
        self.done: list[list[Any]] = []
        self.position = 0
        self.row: list[Any] = []
        self.kind, self.style, self.col = "n", 0, 0
        self.texts: list[str] = []
        self.open = False

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == _TAG_C:
            self.kind = attrs.get("t", "n")
            self.style = int(attrs.get("s", "0"))
            ref = attrs.get("r")
            self.col = column(ref) if ref else len(self.row)
            self.texts = []
        elif tag == _TAG_V or (tag == _TAG_T and self.kind == "inlineStr"):
            self.open = True
        elif tag == _TAG_ROW:
            number = int(attrs.get("r", self.position + 1))
            while self.position + 1 < number:  # rows the sheet leaves out
                self.done.append([])
                self.position += 1
            self.position = number
            self.row.clear()

    def text(self, value: str) -> None:
        if self.open:
            self.texts.append(value)

    def end(self, tag: str) -> None:
        if tag in (_TAG_V, _TAG_T):
            self.open = False
        elif tag == _TAG_C:
            value = cell_value(self.kind, self.style, "".join(self.texts), self)
            row, col = self.row, self.col
            if col >= len(row):
                row.extend([None] * (col - len(row) + 1))
            row[col] = value
        elif tag == _TAG_ROW:
            self.done.append(list(self.row))
        elif tag == _TAG_IS:
            self.open = False

    def parser(self) -> Any:
        return make_parser(self.start, self.end, self.text)


_TAG_ROW, _TAG_C, _TAG_V, _TAG_T, _TAG_IS = (f"{MAIN} {t}" for t in ("row", "c", "v", "t", "is"))


def cell_value(kind: str, style: int, raw: str, sheet: Sheet) -> Any:
    """A cell's value from its type (``t``), style (``s``) and text."""
    if kind == "s":
        return sheet.strings[int(raw)] if raw else None
    if kind in ("inlineStr", "str", "e"):
        return raw or None
    if not raw:
        return None
    if kind == "b":
        return raw in ("1", "true")
    if kind == "d":
        from openpyxl.utils.datetime import from_ISO8601

        return from_ISO8601(raw)
    number: int | float = float(raw) if "." in raw or "e" in raw or "E" in raw else int(raw)
    if style in sheet.dates:
        return from_excel(number, sheet.epoch)
    return number


def expat_rows(archive: zipfile.ZipFile, book: Book) -> Iterator[list[Any]]:
    """The rows as the expat handlers give them, chunk by chunk."""
    sheet = Sheet(book)
    parser = sheet.parser()
    with archive.open(book.sheet) as part:
        while chunk := part.read(CHUNK):
            parser.Parse(chunk, False)
            yield from sheet.done
            sheet.done.clear()
    parser.Parse(b"", True)
    yield from sheet.done
