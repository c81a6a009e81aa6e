import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from zemlyaki.people.importing import read_table


def test_xlsx_archive_bomb_is_refused_before_unpacking():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 1024 * 1024))
    with pytest.raises(ValidationError) as exc:
        read_table(buffer.getvalue(), "список.xlsx")
    assert exc.value.message_dict == {
        "file": [
            "Файл похож на архивную бомбу: при распаковке он занял бы несравнимо больше места, "
            "чем занимает сам. Такой файл не принимается."
        ]
    }


def test_ordinary_xlsx_is_read():
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["ФИО", "Телефон"])
    sheet.append(["Иванов Иван Иванович", "+7 916 123-45-67"])
    buffer = io.BytesIO()
    book.save(buffer)
    headers, rows = read_table(buffer.getvalue(), "список.xlsx")
    assert headers == ["ФИО", "Телефон"]
    assert rows == [(2, ["Иванов Иван Иванович", "+7 916 123-45-67"])]
