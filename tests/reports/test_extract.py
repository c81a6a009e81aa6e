import pytest
from django.core.exceptions import ValidationError

from zemlyaki.reports import extract

from . import files
from .conftest import SHORT_TEXT

EXPECTED_LINES = SHORT_TEXT.split("\n")


def _words(text):
    return " ".join(text.split())


@pytest.mark.parametrize(
    ("builder", "kind", "method"),
    [
        (files.docx_bytes, "docx", "docx"),
        (files.odt_bytes, "odt", "odt"),
        (files.rtf_bytes, "rtf", "rtf"),
        (files.pdf_bytes, "pdf", "pdf"),
        (lambda t: t.encode("utf-8"), "text", "text"),
        (lambda t: t.encode("cp1251"), "text", "text"),
    ],
    ids=["docx", "odt", "rtf", "pdf", "utf8", "cp1251"],
)
def test_text_formats_give_the_exact_text(builder, kind, method):
    data = builder(SHORT_TEXT)
    assert extract.inspect(data) == kind
    result = extract.extract(data, kind)
    assert result.method == method
    assert _words(result.text) == _words(SHORT_TEXT)


def test_type_is_sniffed_from_content_not_name():
    assert extract.sniff(files.docx_bytes("Текст")) == "docx"
    assert extract.sniff(files.rtf_bytes("Текст")) == "rtf"
    assert extract.sniff(b"\x89PNG\r\n\x1a\n....") == "png"
    assert extract.sniff(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00") == ""


def test_doc_through_libreoffice():
    files.require_tool("soffice")
    data = files.doc_bytes(SHORT_TEXT)
    assert extract.inspect(data) == "doc"
    result = extract.extract(data, "doc")
    assert result.method == "libreoffice"
    assert _words(result.text) == _words(SHORT_TEXT)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "TIFF"])
def test_images_through_ocr(fmt):
    files.require_tool("tesseract")
    data = files.image_bytes(SHORT_TEXT, fmt)
    kind = extract.inspect(data)
    assert kind == {"PNG": "png", "JPEG": "jpeg", "TIFF": "tiff"}[fmt]
    result = extract.extract(data, kind)
    assert result.method == "ocr"
    assert _words(result.text) == _words(SHORT_TEXT)


def test_scanned_pdf_through_ocr():
    files.require_tool("tesseract")
    files.require_tool("pdftoppm")
    data = files.scanned_pdf_bytes(SHORT_TEXT)
    assert extract.inspect(data) == "pdf"
    result = extract.extract(data, "pdf")
    assert result.method == "ocr"
    assert _words(result.text) == _words(SHORT_TEXT)


def test_missing_ocr_tool_names_the_debian_package(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(extract.ExtractionError) as error:
        extract.extract(b"\x89PNG\r\n\x1a\n", "png")
    assert str(error.value) == (
        "Распознавание сканов недоступно: установите пакет Debian tesseract-ocr-rus"
    )


def _refusal(data):
    with pytest.raises(ValidationError) as error:
        extract.inspect(data)
    return error.value.messages


def test_oversized_file_is_refused(settings):
    settings.ZEMLYAKI_UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    assert _refusal(b"a" * (3 * 1024 * 1024)) == [
        "Файл слишком большой: 3 МБ, допустимо не более 2 МБ."
    ]


def test_password_protected_pdf_is_refused():
    assert _refusal(files.encrypted_pdf_bytes(SHORT_TEXT)) == [
        "Файл PDF защищён паролем. Снимите пароль и загрузите файл ещё раз."
    ]


def test_password_protected_docx_is_refused():
    assert _refusal(files.encrypted_docx_bytes()) == [
        "Файл DOCX защищён паролем. Снимите пароль и загрузите файл ещё раз."
    ]


def test_docx_bomb_is_refused():
    data = files.bomb_docx_bytes()
    assert len(data) < 200_000
    assert _refusal(data) == [
        "Файл похож на архивную бомбу: при распаковке он занял бы несравнимо больше места, "
        "чем занимает сам. Такой файл не принимается."
    ]


def test_corrupt_files_are_refused():
    assert _refusal(files.corrupt_docx_bytes(SHORT_TEXT)) == [
        "Файл DOCX/ODT повреждён и не читается. Сохраните его заново и загрузите ещё раз."
    ]
    assert _refusal(b"%PDF-1.4\n%broken file without objects") == [
        "Файл PDF повреждён и не читается. Сохраните его заново и загрузите ещё раз."
    ]
    assert _refusal(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40) == [
        "Файл PNG повреждён и не читается. Сохраните его заново и загрузите ещё раз."
    ]


def test_binary_of_unknown_type_is_refused():
    messages = _refusal(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff")
    assert messages[0].startswith("Неподдерживаемый тип файла.")
