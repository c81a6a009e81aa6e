"""The cells of the first sheet of an XLSX file, streamed: the sheet's XML is fed to expat
in chunks straight from the archive and each row is given out as soon as it ends.

It gives the values openpyxl's read-only mode gives with ``values_only=True`` (shared
and inline strings, numbers as int or float, booleans, error codes, dates by the cell's
number format as ``datetime``) at a fraction of its cost: no element tree, no cell
objects, no descriptors. Row numbers are those of the sheet; the rows missing between
them come out empty, as openpyxl gives them."""

import io
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
_COLUMN = re.compile(r"[A-Z]+")


def _parser(start: Any = None, end: Any = None, text: Any = None) -> Any:
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
    parser = _parser(start, end, text)
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


class _Book:
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


def _column(ref: str) -> int:
    letters = _COLUMN.match(ref)
    if not letters:
        return -1
    number = 0
    for ch in letters.group():
        number = number * 26 + ord(ch) - 64
    return number - 1


def iter_rows(data: bytes) -> Iterator[list[Any]]:
    """The rows of the first sheet from row 1, each a list of cell values (None where a
    cell is empty); a row missing from the sheet comes out as an empty list."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    book = _Book(archive)
    strings, dates, epoch = book.strings, book.dates, book.epoch
    done: list[list[Any]] = []
    row: list[Any] = []
    cell: dict[str, Any] = {"kind": "n", "style": 0, "col": 0, "text": [], "open": False}
    position = {"row": 0}
    tag_row, tag_c, tag_v, tag_t, tag_is = (f"{MAIN} {t}" for t in ("row", "c", "v", "t", "is"))

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag == tag_c:
            cell["kind"] = attrs.get("t", "n")
            cell["style"] = int(attrs.get("s", "0"))
            ref = attrs.get("r")
            cell["col"] = _column(ref) if ref else len(row)
            cell["text"] = []
        elif tag == tag_v or (tag == tag_t and cell["kind"] == "inlineStr"):
            cell["open"] = True
        elif tag == tag_row:
            number = int(attrs.get("r", position["row"] + 1))
            while position["row"] + 1 < number:  # rows the sheet leaves out
                done.append([])
                position["row"] += 1
            position["row"] = number
            row.clear()

    def text(value: str) -> None:
        if cell["open"]:
            cell["text"].append(value)

    def end(tag: str) -> None:
        if tag in (tag_v, tag_t):
            cell["open"] = False
        elif tag == tag_c:
            value = _value(cell, strings, dates, epoch)
            col = cell["col"]
            if col >= len(row):
                row.extend([None] * (col - len(row) + 1))
            row[col] = value
        elif tag == tag_row:
            done.append(list(row))
        elif tag == tag_is:
            cell["open"] = False

    parser = _parser(start, end, text)
    with archive.open(book.sheet) as part:
        while chunk := part.read(CHUNK):
            parser.Parse(chunk, False)
            yield from done
            done.clear()
    parser.Parse(b"", True)
    yield from done


def _value(cell: dict[str, Any], strings: list[str], dates: set[int], epoch: Any) -> Any:
    raw = "".join(cell["text"])
    kind = cell["kind"]
    if kind == "s":
        return strings[int(raw)] if raw else None
    if kind in ("inlineStr", "str", "e"):
        return raw or None
    if not raw:
        return None
    if kind == "b":
        return raw in ("1", "true")
    if kind == "d":
        from openpyxl.utils.datetime import from_ISO8601

        return from_ISO8601(raw)
    number: int | float = float(raw) if any(c in raw for c in ".eE") else int(raw)
    if cell["style"] in dates:
        return from_excel(number, epoch)
    return number
