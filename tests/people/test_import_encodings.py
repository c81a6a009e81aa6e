"""Member lists in every encoding a Russian office program saves, and files that are not
lists at all: each refused with a message that says what is wrong, in Russian."""

import io

import pytest
from django.core.exceptions import ValidationError

from tests.registry.factories import make_association
from tests.support.imports import preview_import, run_import
from zemlyaki.people.models import ImportStatus, MemberImport, Person

from .factories import csv_bytes

HINT = "Сохраните список как «Книга Excel (.xlsx)» или как CSV и загрузите ещё раз."
ROWS = [
    ["ФИО", "Дата рождения", "Место работы", "Малая родина", "Район Москвы"],
    ["Ёлкин Пётр Семёнович", "31.12.1980", "ООО Ёлки, ул. Щорса, д. 5", "с. Ёлкино", "Хамовники"],
    ["Щукина Юлия Эдуардовна", "05.06.1990", "Школа, Цветной б-р, 3", "Чаплыгин", "Южное Бутово"],
    ["Эйдельман Фёкла Хасановна", "", "Объединение ЖЭУ", "Мичуринск", "Царицыно"],
]  # fmt: skip
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1251", "koi8-r", "cp866"]


@pytest.fixture
def tambov(db):
    return make_association("Тамбовское землячество", ["68"])


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_russian_list_reads_in_every_encoding(coordinator, tambov, encoding):
    content = csv_bytes(ROWS, encoding=encoding)
    done = run_import(coordinator, tambov, "список.csv", content)
    assert done.headers == ROWS[0]
    assert done.mapping == {
        "0": "full_name", "1": "birth_date", "2": "workplace", "3": "home_place",
        "4": "moscow_district",
    }  # fmt: skip
    assert (done.status, done.created, done.errors) == (ImportStatus.DONE, 3, 0)
    people = Person.objects.order_by("last_name").values_list(
        "last_name", "first_name", "patronymic", "birth_date", "workplace", "home_place",
        "moscow_district",
    )  # fmt: skip
    assert [(*p[:3], p[3] and p[3].isoformat(), *p[4:]) for p in people] == [
        ("Ёлкин", "Пётр", "Семёнович", "1980-12-31", "ООО Ёлки, ул. Щорса, д. 5", "с. Ёлкино", "Хамовники"),
        ("Щукина", "Юлия", "Эдуардовна", "1990-06-05", "Школа, Цветной б-р, 3", "Чаплыгин", "Южное Бутово"),
        ("Эйдельман", "Фёкла", "Хасановна", None, "Объединение ЖЭУ", "Мичуринск", "Царицыно"),
    ]  # fmt: skip


@pytest.mark.django_db
def test_a_short_windows_1251_list_with_tabs_is_read_as_windows_1251(coordinator, tambov):
    rows = [["Фамилия", "Имя"], ["Ёлкина", "Зоя"], ["Щукин", "Ян"], ["Юдин", "Олег"]]
    member_import = preview_import(
        coordinator, tambov, "ёлки.txt", csv_bytes(rows, encoding="cp1251", delimiter="\t")
    )
    assert member_import.headers == ["Фамилия", "Имя"]
    data = [(r.data["last_name"], r.data["first_name"]) for r in member_import.rows.all()]
    assert data == [("Ёлкина", "Зоя"), ("Щукин", "Ян"), ("Юдин", "Олег")]


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, "PNG")
    return out.getvalue()


def _docx() -> bytes:
    import docx

    out = io.BytesIO()
    docx.Document().save(out)
    return out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("file_name", "content", "message"),
    [
        (
            "список.xlsx",
            _png(),
            "Файл не похож на таблицу Excel (.xlsx): по содержимому это изображение PNG.",
        ),
        (
            "список.xlsx",
            _docx(),
            "Файл не похож на таблицу Excel (.xlsx): по содержимому это документ Word (.docx).",
        ),
        (
            "список.xlsx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024,
            "Файл не похож на таблицу Excel (.xlsx): по содержимому это файл Microsoft "
            "Office 97–2003 (.doc или .xls).",
        ),
        ("список.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024,
         "Таблицы Excel 97–2003 (.xls) не читаются."),
        ("список.csv", _png(), "Файл не похож на таблицу CSV: по содержимому это изображение PNG."),
        (
            "список.csv",
            bytes(range(0, 32)) * 20,
            "Файл не похож на таблицу CSV: в нём двоичные данные, а не строки текста.",
        ),
    ],
    ids=["png-as-xlsx", "docx-as-xlsx", "xls-as-xlsx", "xls", "png-as-csv", "junk-as-csv"],
)  # fmt: skip
def test_a_file_that_is_no_list_says_what_it_is(coordinator, tambov, file_name, content, message):
    with pytest.raises(ValidationError) as info:
        preview_import(coordinator, tambov, file_name, content)
    assert info.value.message_dict == {"file": [f"{message} {HINT}"]}
    _nothing_kept()


@pytest.mark.django_db
def test_a_list_in_no_russian_encoding_gets_an_encoding_message(coordinator, tambov):
    content = b"\xd4\xc8\xce;\x98\x98\x98\r\n" + bytes(range(0x80, 0x100)) + b"\r\n"
    with pytest.raises(ValidationError) as info:
        preview_import(coordinator, tambov, "список.csv", content)
    assert info.value.message_dict == {
        "file": [
            "Не удалось определить кодировку файла: ни одна из русских кодировок (UTF-8, "
            "UTF-16, Windows-1251, KOI8-R, DOS) не даёт читаемого текста. Сохраните файл "
            "в UTF-8 и загрузите ещё раз."
        ]
    }
    _nothing_kept()


@pytest.mark.django_db
def test_a_damaged_utf8_list_names_the_line_not_the_columns(coordinator, tambov):
    content = csv_bytes(ROWS, encoding="utf-8").replace("Щукина".encode(), b"\xd0\xa9\xff\xff")
    with pytest.raises(ValidationError) as info:
        preview_import(coordinator, tambov, "список.csv", content)
    assert info.value.message_dict == {
        "file": [
            "Файл в кодировке UTF-8 повреждён: в строке 3 есть байты, которые не читаются. "
            "Сохраните файл заново и загрузите ещё раз."
        ]
    }


@pytest.mark.django_db
def test_a_broken_sheet_inside_a_workbook_says_so_in_russian(coordinator, tambov):
    import zipfile

    from .factories import xlsx_bytes

    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes(ROWS)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            target.writestr(info, data)
    with pytest.raises(ValidationError) as info:
        preview_import(coordinator, tambov, "список.xlsx", out.getvalue())
    assert info.value.message_dict == {
        "file": [
            "Не удалось прочитать файл: таблица повреждена или сохранена не полностью. " + HINT
        ]
    }


def _nothing_kept():
    """A refusal keeps nothing: the upload refuses at once, or the import that read the
    file in the background ends as failed, without a row."""
    imports = list(MemberImport.objects.all())
    assert [(i.status, i.rows.count()) for i in imports] in ([], [("failed", 0)])
