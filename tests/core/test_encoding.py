import codecs
import io

import pytest
from django.core.exceptions import ValidationError

from zemlyaki.core.encoding import decode
from zemlyaki.core.filetypes import describe

# Every letter of the alphabet in both cases, the way real lists and reports have them.
TEXT = (
    "ФИО;Адрес;Примечание\r\n"
    "Ёлкин Пётр Семёнович;Москва, ул. Щорса, д. 5, кв. 12;ёлки для детей\r\n"
    "Эйдельман Юлия Хасановна;Тамбов, Цветочный пер., 3;Жанна, Зоя и Фёкла\r\n"
    "Щукина Ъ Ыыы;Чита, Шахтёров ул.;съезд, объём, подъезд\r\n"
)
ENCODINGS = [
    ("utf-8", "utf_8"),
    ("utf-8-sig", "utf_8_sig"),
    ("utf-16", "utf_16"),  # with its mark, in this machine's byte order
    ("utf-16-le", "utf_16_le"),  # without a mark
    ("utf-16-be", "utf_16_be"),
    ("cp1251", "cp1251"),
    ("koi8-r", "koi8_r"),
    ("cp866", "cp866"),
]


@pytest.mark.parametrize(("codec", "detected"), ENCODINGS, ids=[e[0] for e in ENCODINGS])
def test_russian_text_reads_back_in_every_encoding(codec, detected):
    result = decode(TEXT.encode(codec))
    assert (result.text, result.encoding) == (TEXT, detected)


@pytest.mark.parametrize(
    ("mark", "codec"),
    [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
    ids=["le", "be"],
)
def test_utf16_with_either_byte_order_mark(mark, codec):
    assert decode(mark + TEXT.encode(codec)).text == TEXT


@pytest.mark.parametrize("codec", ["cp1251", "koi8-r", "cp866"])
def test_a_short_list_of_three_rows_is_not_misread(codec):
    text = "ФИО;Телефон\r\nЁлкин Пётр;89161234567\r\nЩукина Анна;\r\nЮсупов Ян;\r\n"
    result = decode(text.encode(codec))
    assert result.text == text


def test_guillemets_and_number_sign_of_windows_1251():
    text = "Провели «ёлки» для 40 детей, приказ № 5 — в срок.\n"
    assert decode(text.encode("cp1251")).text == text


def test_a_part_cut_inside_a_utf8_character_reads_up_to_the_cut():
    data = "Ёлкин Пётр".encode()
    assert decode(data[:-1]).text == "Ёлкин Пёт"


def test_damaged_utf8_names_the_line():
    data = ("Иванов Иван Иванович\n" * 3).encode() + b"\xff\xfe broken\n"
    with pytest.raises(ValidationError) as info:
        decode(data)
    assert info.value.code == "encoding"
    assert info.value.messages == [
        "Файл в кодировке UTF-8 повреждён: в строке 4 есть байты, которые не читаются. "
        "Сохраните файл заново и загрузите ещё раз."
    ]


def test_bytes_no_cyrillic_encoding_reads_are_refused():
    with pytest.raises(ValidationError) as info:
        decode(bytes(range(0x80, 0x100)) * 4)
    assert info.value.code == "encoding"
    assert info.value.messages == [
        "Не удалось определить кодировку файла: ни одна из русских кодировок (UTF-8, "
        "UTF-16, Windows-1251, KOI8-R, DOS) не даёт читаемого текста. Сохраните файл "
        "в UTF-8 и загрузите ещё раз."
    ]


def test_a_picture_is_not_text_and_is_named():
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, "PNG")
    with pytest.raises(ValidationError) as info:
        decode(out.getvalue())
    assert info.value.code == "binary"
    assert info.value.messages == ["Файл не похож на текст: по содержимому это изображение PNG."]


def test_binary_junk_is_not_text():
    with pytest.raises(ValidationError) as info:
        decode(bytes(range(0, 32)) * 10)
    assert info.value.messages == ["Файл не похож на текст: в нём двоичные данные, а не строки."]


def test_office_files_are_told_apart_by_their_parts():
    import docx
    import openpyxl

    book, document = io.BytesIO(), io.BytesIO()
    openpyxl.Workbook().save(book)
    docx.Document().save(document)
    assert describe(book.getvalue()) == "таблица Excel (.xlsx)"
    assert describe(document.getvalue()) == "документ Word (.docx)"
    assert describe(b"%PDF-1.4\n") == "документ PDF"
    assert describe(b"\x00\x01\x02") == ""
