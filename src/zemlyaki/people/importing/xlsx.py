"""The cells of the first sheet of an XLSX file, streamed straight from the archive.

It gives the values openpyxl's read-only mode gives with ``values_only=True`` (shared
and inline strings, numbers as int or float, booleans, error codes, dates by the cell's
number format as ``datetime``) at a fraction of its cost. Row numbers are those of the
sheet; the rows missing between them come out empty, as openpyxl gives them.

The sheet's text is read in chunks, and the complete rows of each chunk are taken apart
by one regular expression: a cell in the forms spreadsheet programs write (``r``, ``s``
and ``t`` in that order, a formula, a value, a plain inline string), a row's start and
end. Entities are replaced by expat, only in the texts that have one. The sheet's frame
(what comes before and after the rows) is checked by expat too, DOCTYPE refused.

What the expression does not recognise exactly goes to the expat handlers
(``xlsxexpat``): a stretch of rows with a comment, a rich-text string, a namespace
prefix, a carriage return or unusual quoting is read by them alone; a sheet whose frame
is unusual (another encoding, a prefixed ``sheetData``, rows outside it) is read by them
from the start, the rows already given skipped. So the values are always those of the
expat path, and a broken sheet fails with its error (perhaps after a few more rows than
the expat path alone would have given before it)."""

import codecs
import io
import re
import zipfile
from collections.abc import Generator, Iterator
from typing import Any
from xml.parsers import expat

from openpyxl.utils.datetime import from_excel

from .xlsxexpat import (
    CHUNK,
    LIMIT,
    MAIN,
    Book,
    Sheet,
    Unescape,
    Unsupported,
    cell_value,
    column,
    expat_rows,
    make_parser,
)

_CELL = (
    r'<(c)(?: r="([A-Z]+)[0-9]*")?(?: s="([1-9][0-9]*|0)")?(?: t="([A-Za-z]+)")?'
    r"(?:/>|>"
    r'(?:<f(?: aca="[01a-z]{1,5}")?(?: t="[a-zA-Z]{1,9}")?(?: ref="[A-Z0-9:]{1,30}")?'
    r'(?: ca="[01a-z]{1,5}")?(?: si="[0-9]{1,9}")?'
    r"(?:/>|>(?:[^<&]|&(?:amp|lt|gt|quot|apos);)*</f>))?"
    r"(?:<v>([^<]*)</v>|<v/>)?"
    r'(?:<is>(?:<t(?: xml:space="preserve")?>([^<]*)</t>|<t/>)?</is>|<is/>)?'
    r"</c>)"
)
_ROW = r'<(row)(?: r="([1-9][0-9]*)")?((?: [^ =<>/"]+="[^"<&]*")*)(/?)>'
# One token each: a cell, a row's end, a row's start, or the start of anything else.
_TOKEN = re.compile(_CELL + r"|(</row>)|" + _ROW + r"|([<&])", re.ASCII)
_ATTRIBUTE = re.compile(r' ([^ =]+)="[^"]*"')
_NAME = re.compile(r"(?:[A-Za-z_][\w.-]*:)?[A-Za-z_][\w.-]*", re.ASCII)
_SHEET_DATA = re.compile(r"<sheetData\s*(/?)>")
_DECLARATION = re.compile(rb"\A(?:\xef\xbb\xbf)?<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)[\"']")
# Bytes never allowed in XML: a sheet with one is left to expat, which refuses it.
_ALLOWED = bytes(b for b in range(256) if b >= 32 or b in (9, 10, 13))
_WATCHED = {f"{MAIN} {tag}" for tag in ("row", "c", "v", "t", "is")}


class _Frame:
    """Expat over everything but the rows: it refuses a DOCTYPE and a broken frame, and
    tells which namespaces are declared where the rows are."""

    def __init__(self) -> None:
        self.stack: list[str] = []
        self.scope: list[tuple[str, str]] = []
        self.watched = False
        self.parser = make_parser(self._start, self._end)
        self.parser.StartNamespaceDeclHandler = self._declare
        self.parser.EndNamespaceDeclHandler = self._undeclare

    def _start(self, tag: str, _attrs: dict[str, str]) -> None:
        self.stack.append(tag)
        self.watched = self.watched or tag in _WATCHED

    def _end(self, _tag: str) -> None:
        self.stack.pop()

    def _declare(self, prefix: str | None, uri: str) -> None:
        self.scope.append((prefix or "", uri))

    def _undeclare(self, prefix: str | None) -> None:
        for index in range(len(self.scope) - 1, -1, -1):
            if self.scope[index][0] == (prefix or ""):
                del self.scope[index]
                break

    def feed(self, text: str, final: bool = False) -> None:
        self.parser.Parse(text.encode(), final)
        if self.watched:  # cells outside sheetData: only expat reads those as it does
            raise Unsupported

    def prefixes(self) -> dict[str, str]:
        return dict(self.scope)


class _Reader:
    def __init__(self, book: Book, sheet: Sheet, strip: bool) -> None:
        self.sheet = sheet
        self.strip = strip
        self.strings = [text.strip() for text in book.strings] if strip else book.strings
        self.dates = {str(style) for style in book.dates}
        self.epoch = book.epoch
        self.unescape = Unescape()
        self.frame = _Frame()
        self.columns: dict[str, int] = {}
        self.attributes: set[str] = set()
        self.days: dict[str, Any] = {}
        self.opening = ""

    def start_rows(self) -> None:
        """Where the rows start: the namespaces there, for ``_slow`` and ``_row_attributes``."""
        if not self.frame.stack or self.frame.stack[-1] != f"{MAIN} sheetData":
            raise Unsupported
        scope = self.frame.prefixes()
        if scope.get("") != MAIN:
            raise Unsupported
        self.prefixes = scope
        declared = "".join(
            f' xmlns{":" + prefix if prefix else ""}="{_attribute(uri)}"'
            for prefix, uri in scope.items()
            if prefix != "xml"
        )
        self.opening = f"<sheetData{declared}>"

    def rows(self, text: str) -> list[list[Any]]:
        """The rows of a stretch of complete rows."""
        if "\r" in text or "]]>" in text:  # line ends to normalise, or CDATA
            return self._slow(text)
        done: list[list[Any]] = []
        position = self.sheet.position
        row: list[Any] | None = None
        strings, columns, unescape, strip = self.strings, self.columns, self.unescape, self.strip
        known = unescape.cache
        for c, col, s, t, v, it, end, tag, r, attrs, empty, _other in _TOKEN.findall(text):
            if c:
                if row is None:
                    return self._slow(text)
                if t == "s":
                    if "&" in v:
                        v = known.get(v) or unescape(v)
                    value = strings[int(v)] if v else None
                elif t == "inlineStr":
                    raw = v + it if v else it
                    if "&" in raw:
                        raw = known.get(raw) or unescape(raw)
                    value = (raw.strip() if strip else raw) if raw else None
                else:
                    if "&" in v:
                        v = known.get(v) or unescape(v)
                    value = self._value(t, s, v)
                if col:
                    index = columns.get(col)
                    if index is None:
                        index = columns[col] = column(col)
                    if index != len(row):
                        if index > len(row):
                            row.extend([None] * (index - len(row) + 1))
                        row[index] = value
                        continue
                row.append(value)
            elif end:
                if row is None:
                    return self._slow(text)
                done.append(row)
                row = None
            elif tag:
                if row is not None or (attrs and not self._row_attributes(attrs)):
                    return self._slow(text)
                number = int(r) if r else position + 1
                while position + 1 < number:  # rows the sheet leaves out
                    done.append([])
                    position += 1
                position = number
                if empty:
                    done.append([])
                else:
                    row = []
            else:
                return self._slow(text)
        if row is not None:
            return self._slow(text)
        self.sheet.position = position
        return done

    def _value(self, t: str, s: str, raw: str) -> Any:
        if t and t != "n":
            value = cell_value(t, int(s or "0"), raw, self.sheet)
            return value.strip() if self.strip and isinstance(value, str) else value
        if not raw:
            return None
        if (s or "0") in self.dates:
            day = self.days.get(raw)
            if day is None:
                number = float(raw) if "." in raw or "e" in raw or "E" in raw else int(raw)
                if len(self.days) > 100_000:
                    self.days.clear()
                day = self.days[raw] = from_excel(number, self.epoch)
            return day
        return float(raw) if "." in raw or "e" in raw or "E" in raw else int(raw)

    def _row_attributes(self, attrs: str) -> bool:
        """Whether a row's other attributes are ones expat takes as they are: no ``r``,
        no namespace declaration, no name twice, declared prefixes."""
        if attrs in self.attributes:
            return True
        names = set()
        for name in _ATTRIBUTE.findall(attrs):
            prefix, _, local = name.rpartition(":")
            if not _NAME.fullmatch(name) or name == "r" or name.startswith("xmlns"):
                return False
            if prefix == "xml":
                return False
            key = (self.prefixes.get(prefix), local) if prefix else ("", local)
            if key in names or (prefix and key[0] is None):
                return False
            names.add(key)
        if len(self.attributes) < 1000:
            self.attributes.add(attrs)
        return True

    def _slow(self, text: str) -> list[list[Any]]:
        """A stretch of rows through the expat handlers, in the namespaces of sheetData."""
        sheet = self.sheet
        parser = sheet.parser()
        parser.Parse(f"{self.opening}{text}</sheetData>", True)
        done = [_stripped(row) for row in sheet.done] if self.strip else list(sheet.done)
        sheet.done.clear()
        return done


def _stripped(row: list[Any]) -> list[Any]:
    return [value.strip() if isinstance(value, str) else value for value in row]


def _attribute(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


def fast_rows(
    archive: zipfile.ZipFile, book: Book, sheet: Sheet, strip: bool = False
) -> Generator[list[Any], None, None]:
    """The rows as ``iter_rows`` gives them; ``Unsupported`` (or expat's error) for a
    sheet the expat path must read."""
    reader = _Reader(book, sheet, strip)
    decoder = codecs.getincrementaldecoder("utf-8")()
    buffer = ""
    phase = "head"
    with archive.open(book.sheet) as part:
        first = True
        while True:
            chunk = part.read(CHUNK)
            if first:
                first = False
                declared = _DECLARATION.match(chunk)
                if chunk[:2] in (b"\xff\xfe", b"\xfe\xff") or (
                    declared and declared.group(1).lower() != b"utf-8"
                ):
                    raise Unsupported
            if chunk.translate(None, _ALLOWED):
                raise Unsupported
            text = decoder.decode(chunk, not chunk)
            if "\ufffe" in text or "\uffff" in text:
                raise Unsupported
            buffer += text
            if phase == "head":
                found = _SHEET_DATA.search(buffer)
                if found is None:
                    keep = min(len(buffer), 16) if chunk else 0
                    reader.frame.feed(buffer[: len(buffer) - keep], not chunk)
                    buffer = buffer[len(buffer) - keep :]
                    if not chunk:
                        return
                    continue
                reader.frame.feed(buffer[: found.end()])
                buffer = buffer[found.end() :]
                if found.group(1):
                    phase = "tail"
                else:
                    reader.start_rows()
                    phase = "rows"
            if phase == "rows":
                end = buffer.find("</sheetData>")
                cut = end if end >= 0 else buffer.rfind("</row>") + 6
                if cut >= 6 or end >= 0:
                    region, buffer = buffer[:cut], buffer[cut:]
                    yield from reader.rows(region)
                elif len(buffer) > LIMIT:
                    raise Unsupported
                if end >= 0:
                    phase = "tail"
                elif not chunk:
                    raise Unsupported  # the rows never end: expat says why
            if phase == "tail":
                reader.frame.feed(buffer, not chunk)
                buffer = ""
            if not chunk:
                return


def iter_rows(data: bytes, strip: bool = False) -> Iterator[list[Any]]:
    """The rows of the first sheet from row 1, each a list of cell values (None where a
    cell is empty); a row missing from the sheet comes out as an empty list. With
    ``strip``, the strings come without the whitespace around them."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    book = Book(archive)
    given = 0
    rows = fast_rows(archive, book, Sheet(book), strip)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except (Unsupported, ValueError, LookupError, ArithmeticError, expat.ExpatError):
            break  # the expat path decides, and fails with its own error if it must
        yield row
        given += 1
    rows.close()
    for index, row in enumerate(expat_rows(archive, book)):
        if index >= given:
            yield _stripped(row) if strip else row
