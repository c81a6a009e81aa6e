"""A report saved as plain text in any Russian encoding gives back its exact text; bytes
that are no text are refused at upload with a message that says so."""

import codecs

import pytest
from django.core.exceptions import ValidationError

from zemlyaki.reports import extract, services
from zemlyaki.reports.models import ReportStatus

# No «» or №: KOI8-R and DOS 866 have no place for them.
REPORT = (
    "Отчёт правления Тамбовского землячества за 2024 год\n"
    "Провели ёлки для 40 детей в Доме народов России (Москва, ул. Щорса, д. 5).\n"
    "Съезд земляков в Мичуринске собрал 350 человек; объём помощи - 120 тыс. рублей.\n"
    "Эйдельман Ю. Х. и Фёдоров П. С. вручили подарки ветеранам. Жюри: Цой, Юсупов, Щукина."
)
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1251", "koi8-r", "cp866"]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_text_report_reads_back_in_every_encoding(encoding):
    data = REPORT.encode(encoding)
    assert extract.inspect(data) == "text"
    assert extract.extract(data, "text").text == REPORT


def test_utf16_with_a_big_endian_mark():
    data = codecs.BOM_UTF16_BE + REPORT.encode("utf-16-be")
    assert extract.inspect(data) == "text"
    assert extract.extract(data, "text").text == REPORT


def test_a_koi8_report_is_processed_into_its_text(
    coordinator, tambov, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_create(
            actor=coordinator,
            association=tambov,
            year_from=2024,
            upload=services.Upload("отчёт.txt", REPORT.encode("koi8-r")),
        )
    report.refresh_from_db()
    assert (report.file_type, report.extraction_method) == ("text", "text")
    assert report.status == ReportStatus.ANALYSED
    assert report.text == REPORT


def test_text_in_no_russian_encoding_is_refused_at_upload(coordinator, tambov):
    with pytest.raises(ValidationError) as info:
        services.report_create(
            actor=coordinator,
            association=tambov,
            year_from=2024,
            upload=services.Upload("отчёт.txt", bytes(range(0x80, 0x100)) * 4),
        )
    assert info.value.message_dict == {
        "file": [
            "Не удалось определить кодировку файла: ни одна из русских кодировок (UTF-8, "
            "UTF-16, Windows-1251, KOI8-R, DOS) не даёт читаемого текста. Сохраните файл "
            "в UTF-8 и загрузите ещё раз."
        ]
    }


def test_control_bytes_are_not_a_text_report():
    with pytest.raises(ValidationError) as info:
        extract.inspect(bytes(range(1, 32)) * 20)
    assert info.value.messages == ["Файл не похож на текст: в нём двоичные данные, а не строки."]


def test_an_unsupported_kind_is_named_in_russian():
    with pytest.raises(ValidationError) as info:
        extract.inspect(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;" + b"\x00" * 64)
    assert info.value.messages == [
        "Неподдерживаемый тип файла. Принимаются DOCX, DOC, ODT, RTF, PDF, JPEG, PNG, TIFF "
        "и текст в любой русской кодировке. По содержимому это изображение GIF."
    ]
