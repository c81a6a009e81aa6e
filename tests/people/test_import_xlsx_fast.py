"""The regular-expression reader of a sheet (``xlsx.fast_rows``) gives the rows the expat
handlers give (``xlsxexpat.expat_rows``), and hands them what it does not recognise."""

import datetime
import io
import zipfile
from xml.sax.saxutils import escape

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from zemlyaki.people.importing import xlsxexpat
from zemlyaki.people.importing.xlsx import Unsupported, _Reader, fast_rows, iter_rows
from zemlyaki.people.importing.xlsxexpat import Book, Sheet, expat_rows

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STYLES = (
    f'<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy hh:mm"/>'
    '</numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="2"/>'
    "</cellXfs></styleSheet>"
)


def _book(sheet: str, strings: list[str] | None = None, date1904: bool = False) -> bytes:
    """A workbook of one hand-written sheet (``sheet`` is its whole XML)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        pr = '<workbookPr date1904="1"/>' if date1904 else ""
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{REL}">{pr}<sheets>'
            '<sheet name="Лист" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="x"/></Relationships>',
        )
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        archive.writestr("xl/styles.xml", STYLES)
        if strings is not None:
            items = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
            archive.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">{items}</sst>')
    return out.getvalue()


def _sheet(rows: str, head: str = "", tail: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}" '
        'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">'
        f"{head}<sheetData>{rows}</sheetData>{tail}</worksheet>"
    )


def _both(data: bytes) -> tuple[list, list]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    book = Book(archive)
    return list(fast_rows(archive, book, Sheet(book))), list(expat_rows(archive, book))


def _same(data: bytes) -> list:
    fast, slow = _both(data)
    assert fast == slow
    assert list(iter_rows(data)) == slow
    stripped = [[v.strip() if isinstance(v, str) else v for v in row] for row in slow]
    archive = zipfile.ZipFile(io.BytesIO(data))
    book = Book(archive)
    assert list(fast_rows(archive, book, Sheet(book), strip=True)) == stripped
    assert list(iter_rows(data, strip=True)) == stripped
    return fast


def _openpyxl_book() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["ФИО", "Дата", "Флаг", "Число", "Дробь", "Формула", "Ошибка"])
    sheet.append(
        ["  Иванов <Иван> & «Сын»  ", datetime.date(1980, 1, 2), True, 5, 2.5, "=1+1", "#N/A"]
    )
    sheet.append(["a\nb", datetime.datetime(2001, 5, 6, 7, 8), False, 1e-7, 1.0, "=A1&B1", None])
    sheet["J9"] = "далеко"
    sheet.cell(row=10, column=2, value=datetime.date(1999, 12, 31)).number_format = "DD.MM.YYYY"
    sheet.cell(row=11, column=1, value=44000).number_format = "0.00"
    sheet["A12"] = CellRichText(["обычный ", TextBlock(InlineFont(b=True), "жирный")])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_openpyxl_book_is_read_alike():
    rows = _same(_openpyxl_book())
    assert rows[1] == [
        "  Иванов <Иван> & «Сын»  ",
        datetime.datetime(1980, 1, 2),
        True,
        5,
        2.5,
        None,
        "#N/A",
    ]
    assert rows[2][3:5] == [1e-7, 1]  # openpyxl writes 1.0 as 1
    assert rows[8] == [None] * 9 + ["далеко"]
    assert rows[11] == ["обычный жирный"]


def test_shared_strings_numbers_dates_and_errors(monkeypatch):
    monkeypatch.setattr(_Reader, "_slow", None)  # all of it read by the expression
    strings = ["Имя", "Пётр & Co", "  пробелы  "]
    rows = (
        '<row r="1" spans="1:6" x14ac:dyDescent="0.25"><c r="A1" t="s"><v>0</v></c>'
        '<c r="B1" s="1"><v>44000</v></c><c r="C1" s="2"><v>44000.5</v></c>'
        '<c r="D1" s="3"><v>44000</v></c><c r="E1" t="b"><v>0</v></c><c r="F1" t="e"><v>#DIV/0!</v></c></row>'
        '<row r="3"><c r="B3" t="s"><v>1</v></c><c r="D3" t="s"><v>2</v></c></row>'
        '<row r="4"><c t="s"><v>2</v></c><c><v>-1.5E+20</v></c><c/><c t="str"><f>A1</f><v>Имя</v></c></row>'
        '<row r="5"><c r="A5" t="d"><v>2020-01-02T03:04:05</v></c><c r="B5"><f t="shared" ref="B5:B6" si="0">1+1</f><v>2</v></c></row>'
        '<row r="7"/>'
        '<row r="8"><c r="C8" t="inlineStr"><is><t xml:space="preserve"> x &#1060;&#x42f; &amp;&lt;&gt;&quot;&apos; </t></is></c></row>'
    )
    result = _same(_book(_sheet(rows), strings))
    assert result == [
        [
            "Имя",
            datetime.datetime(2020, 6, 18),
            datetime.datetime(2020, 6, 18, 12),
            44000,
            False,
            "#DIV/0!",
        ],
        [],
        [None, "Пётр & Co", None, "  пробелы  "],
        ["  пробелы  ", -1.5e20, None, "Имя"],
        [datetime.datetime(2020, 1, 2, 3, 4, 5), 2],
        [],
        [],
        [None, None, " x ФЯ &<>\"' "],
    ]


def test_the_1904_calendar():
    rows = '<row r="1"><c r="A1" s="1"><v>1</v></c></row>'
    assert _same(_book(_sheet(rows), date1904=True)) == [[datetime.datetime(1904, 1, 2)]]


@pytest.mark.parametrize(
    "row",
    [
        '<row r="1"><!-- комментарий --><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>',
        '<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[<a&b>]]></t></is></c></row>',
        '<row r="1"><c r="A1" t="inlineStr"><is><r><rPr><b/></rPr><t>a</t></r><r><t>b</t></r></is></c></row>',
        "<row r='1'><c r='A1' t='inlineStr'><is><t>a</t></is></c></row>",
        '<row r="1"><c t="inlineStr" r="A1"><is><t>a\r\nb</t></is></c></row>',
        '<row spans="1:1" r="1"><?pi x?><c r="A1"><v>1</v></c></row>',
        '<row r="1"><c r="A1"><v>1</v><extLst/></c></row>',
        '<row r="1" xml:lang="ru"><c r="A1"><v>1</v></c></row>',
        f'<row r="1"><c r="A1" xmlns="{MAIN}"><v>1</v></c></row>',
    ],
)
def test_rows_it_does_not_recognise_go_to_expat(row):
    rows = _same(_book(_sheet(row + '<row r="2"><c r="B2"><v>7</v></c></row>')))
    assert rows[1] == [None, 7]
    assert rows[0] in (["a"], ["ab"], ["<a&b>"], ["a\nb"], [1])


def test_rows_out_of_order_and_cells_given_twice(monkeypatch):
    monkeypatch.setattr(_Reader, "_slow", None)
    rows = (
        '<row r="3"><c r="C3"><v>1</v></c><c r="A3"><v>2</v></c><c><v>3</v></c></row>'
        '<row r="2"><c r="B2"><v>4</v></c><c r="B2"><v>5</v></c></row><row><c><v>6</v></c></row>'
    )
    # a cell without a reference goes at the end of the row, as with expat
    assert _same(_book(_sheet(rows))) == [[], [], [2, None, 1, 3], [None, 5], [6]]


def test_a_prefixed_sheet_is_read_by_expat():
    sheet = (
        f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData><x:row r="2"><x:c r="B2" t="inlineStr">'
        "<x:is><x:t>b</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>"
    )
    data = _book(sheet)
    archive = zipfile.ZipFile(io.BytesIO(data))
    book = Book(archive)
    with pytest.raises(Unsupported):
        list(fast_rows(archive, book, Sheet(book)))
    assert list(iter_rows(data)) == [[], [None, "b"]]


def test_rows_after_sheet_data_make_expat_read_again_skipping_what_was_given():
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 4))
    tail = f'<extLst><x:row xmlns:x="{MAIN}" r="9"><x:c><x:v>9</x:v></x:c></x:row></extLst>'
    data = _book(_sheet(rows, tail=tail))
    archive = zipfile.ZipFile(io.BytesIO(data))
    book = Book(archive)
    given = []
    with pytest.raises(Unsupported):
        for row in fast_rows(archive, book, Sheet(book)):
            given.append(row)
    assert given == [[1], [2], [3]]
    assert list(iter_rows(data)) == [[1], [2], [3], [], [], [], [], [], [9]]


@pytest.mark.parametrize(
    "head",
    [
        '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>',
        "<!DOCTYPE worksheet>",
    ],
)
def test_a_doctype_is_still_refused(head):
    sheet = _sheet('<row r="1"><c r="A1"><v>1</v></c></row>').replace("\n", head, 1)
    with pytest.raises(ValueError, match="DOCTYPE"):
        list(iter_rows(_book(sheet)))


@pytest.mark.parametrize(
    "rows",
    [
        '<row r="1"><c r="A1"><v>1</v></c>',
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&nbsp;</t></is></c></row>',
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&#0;</t></is></c></row>',
        '<row r="1"><c r="A1" t="inlineStr"><is><t>\x01</t></is></c></row>',
        '<row r="1" r="2"><c r="A1"><v>1</v></c></row>',
        '<row r="1" spans="1:1" spans="1:2"><c r="A1"><v>1</v></c></row>',
        '<row r="1" zz:ht="1"><c r="A1"><v>1</v></c></row>',
        '<row r="1"><c r="A1" s="1" s="2"><v>1</v></c></row>',
        '<row r="1"><c r="A1" t="s"><v>5</v></c></row>',
    ],
)
def test_a_broken_sheet_fails_as_with_expat(rows):
    with pytest.raises(Exception) as expected:
        list(expat_rows(*_archive_and_book(_book(_sheet(rows)))))
    with pytest.raises(type(expected.value)):
        list(iter_rows(_book(_sheet(rows))))


def _archive_and_book(data: bytes) -> tuple[zipfile.ZipFile, Book]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return archive, Book(archive)


_TEXT = st.text(
    st.one_of(
        st.sampled_from(list("<>&\"' \r\n\tабвЁё«»xyz")),
        st.characters(
            codec="utf-8", exclude_categories=("Cs", "Cc"), exclude_characters="\ufffe\uffff"
        ),
    ),
    max_size=12,
)
_VALUE = st.one_of(
    _TEXT,
    st.integers(-(10**12), 10**12),
    st.sampled_from([1e-7, 1.0, 0.1, -2.5, 1e20]),
    st.booleans(),
    st.dates(datetime.date(1901, 1, 1), datetime.date(2100, 1, 1)),
    st.none(),
)


def _encoded(text: str, refs: bool) -> str:
    if refs:
        return "".join(c if c.isascii() and c.isalnum() else f"&#{ord(c)};" for c in text)
    return escape(text)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.lists(_VALUE, max_size=6), min_size=1, max_size=6),
    st.booleans(),
    st.booleans(),
)
def test_random_values_read_alike(table, refs, shared):
    strings: list[str] = []
    rows = []
    for number, values in enumerate(table, start=1):
        cells = []
        for col, value in enumerate(values):
            ref = f' r="{"ABCDEFG"[col]}{number}"' if col % 2 == 0 else ""
            if isinstance(value, str) and shared:
                strings.append(value)
                cells.append(f'<c{ref} t="s"><v>{len(strings) - 1}</v></c>')
            elif isinstance(value, str):
                text = _encoded(value, refs)
                cells.append(
                    f'<c{ref} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
                )
            elif isinstance(value, bool):
                cells.append(f'<c{ref} t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, datetime.date):
                serial = (value - datetime.date(1899, 12, 30)).days
                cells.append(f'<c{ref} s="1"><v>{serial}</v></c>')
            elif value is None:
                cells.append(f"<c{ref}/>")
            else:
                cells.append(f"<c{ref}><v>{value!r}</v></c>")
        rows.append(f'<row r="{number * 2}">{"".join(cells)}</row>')
    result = _same(_book(_sheet("".join(rows)), strings))
    for number, values in enumerate(table, start=1):
        got = result[number * 2 - 1]
        expected = [_expected(v, refs, shared) for v in values]
        assert got == expected


def _expected(value, refs: bool, shared: bool):
    if isinstance(value, datetime.date):
        return datetime.datetime.combine(value, datetime.time())
    if not isinstance(value, str):
        return value
    if not refs or shared:  # a carriage return written as it is reads as a line feed
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value if shared else value or None


def _strings_book(items: str, head: str = "") -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_book(_sheet("")))) as source,
        zipfile.ZipFile(out, "w") as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr(
            "xl/sharedStrings.xml",
            f'<?xml version="1.0" encoding="UTF-8"?>\r\n{head}<sst xmlns="{MAIN}" count="9">{items}</sst>',
        )
    return out.getvalue()


def _strings_both(data: bytes, monkeypatch) -> tuple[list[str] | None, list[str]]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    plain = xlsxexpat.plain_strings(archive)
    monkeypatch.setattr(xlsxexpat, "plain_strings", lambda _archive: None)
    return plain, Book(archive).strings


def test_plain_shared_strings_are_read_as_by_expat(monkeypatch):
    items = (
        '<si><t>Иванов</t></si><si><t xml:space="preserve"> a &amp; b &#1060;&#x42f; </t></si>'
        "<si><t/></si>\n<si><t>&lt;&gt;&quot;&apos;\nстрока</t></si>"
    )
    plain, expected = _strings_both(_strings_book(items), monkeypatch)
    assert plain == expected == ["Иванов", " a & b ФЯ ", "", "<>\"'\nстрока"]


@pytest.mark.parametrize(
    "items",
    [
        "<si><r><rPr><b/></rPr><t>жир</t></r><r><t>ный</t></r></si>",
        '<si><t>漢字</t><rPh sb="0" eb="2"><t>カンジ</t></rPh><phoneticPr fontId="1"/></si>',
        "<si><t>a\r\nb</t></si>",
        "<!-- комментарий --><si><t>a</t></si>",
        "<si><t><![CDATA[<a>]]></t></si>",
    ],
)
def test_other_shared_strings_go_to_expat(items, monkeypatch):
    plain, expected = _strings_both(_strings_book(items), monkeypatch)
    assert plain is None
    assert expected in (["жирный"], ["漢字"], ["a\nb"], ["a"], ["<a>"])


def test_a_doctype_in_shared_strings_is_refused():
    with pytest.raises(ValueError, match="DOCTYPE"):
        list(iter_rows(_strings_book("<si><t>a</t></si>", head="<!DOCTYPE sst>")))


def test_a_long_sheet_read_partly_by_expat_keeps_its_row_numbers():
    rows = []
    for n in range(1, 4001, 2):
        comment = "<!-- x -->" if n == 2001 else ""
        text = "Ёж &amp; ёлка " * (500 if n == 3001 else 1)
        rows.append(
            f'<row r="{n}" spans="1:3">{comment}<c r="B{n}" t="inlineStr"><is><t>{text}{n}</t></is></c>'
            f'<c r="C{n}"><v>{n}</v></c></row>'
        )
    result = _same(_book(_sheet("\n".join(rows))))
    assert len(result) == 3999
    assert result[2000] == [None, "Ёж & ёлка 2001", 2001]
    assert result[3000] == [None, "Ёж & ёлка " * 500 + "3001", 3001]
    assert result[3001] == []


@pytest.mark.parametrize(
    "rows", ["<sheetData/>", "<sheetData></sheetData>", "<sheetData>\n</sheetData>"]
)
def test_a_sheet_without_rows(rows):
    sheet = _sheet("").replace("<sheetData></sheetData>", rows)
    assert _same(_book(sheet)) == []
