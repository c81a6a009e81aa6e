"""The streaming XLSX reader gives the values openpyxl's read-only mode gives."""

import datetime
import io

import openpyxl
import pytest

from zemlyaki.people.importing.xlsx import iter_rows


def _openpyxl_rows(data: bytes) -> list[list]:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    return _trimmed(book.worksheets[0].iter_rows(values_only=True))


def _trimmed(rows) -> list[list]:
    out = []
    for row in rows:
        row = list(row)
        while row and row[-1] is None:
            row.pop()
        out.append(row)
    while out and not out[-1]:
        out.pop()
    return out


def _normal_book() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Члены"
    book.create_sheet("Второй лист")["A1"] = "не читается"
    sheet.append(["ФИО", "Дата рождения", "Флаг", "Число", "Дробь", "Формула"])
    sheet.append(["Иванов Иван", datetime.date(1980, 1, 2), True, 5, 2.5, "=1+1"])
    sheet.append([])
    sheet.append([None, datetime.datetime(2001, 5, 6, 7, 8), False, 1e20, "", "текст"])
    sheet["G7"] = "далеко"
    sheet.cell(row=8, column=2, value=datetime.date(1999, 12, 31)).number_format = "DD.MM.YYYY"
    sheet.cell(row=9, column=1, value=44000).number_format = "0.00"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_only_book() -> bytes:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Члены")
    sheet.append(["ФИО", "Дата", "Телефон", "Почта"])
    for n in range(50):
        sheet.append([f"Петров Пётр {n}", datetime.date(1970, 1, 1 + n % 28), f"8 900 {n:07d}", ""])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("make", [_normal_book, _write_only_book])
def test_same_values_as_openpyxl(make):
    data = make()
    assert _trimmed(iter_rows(data)) == _openpyxl_rows(data)


def test_a_doctype_is_refused():
    data = _normal_book()
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                doctype = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
                if content.startswith(b"<?xml"):
                    content = content.replace(b"?>", b"?>" + doctype, 1)
                else:
                    content = doctype + content
            target.writestr(item, content)
    with pytest.raises(ValueError):
        list(iter_rows(out.getvalue()))
