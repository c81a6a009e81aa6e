"""Text out of report files: the type is sniffed from the content, never from the name.

``inspect`` runs at upload time and refuses what cannot be a readable report (too big,
unknown type, password, corrupt, archive bomb); ``extract`` runs in the background task
and turns the file into plain text, with OCR for scans.
"""

import io
import re
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from zemlyaki.core import encoding
from zemlyaki.core.filetypes import describe
from zemlyaki.core.uploads import check_zip_archive

from . import tools

OCR_TIMEOUT = 600
OFFICE_TIMEOUT = 180
MIN_TEXT_PER_PAGE = 40

KIND_LABELS = {
    "docx": "DOCX",
    "doc": "DOC",
    "odt": "ODT",
    "rtf": "RTF",
    "pdf": "PDF",
    "jpeg": "JPEG",
    "png": "PNG",
    "tiff": "TIFF",
    "text": _("текст"),
    "zip": "ZIP",
    "broken-zip": "DOCX/ODT",
}


class ExtractionError(Exception):
    """A file cannot be turned into text; the message is shown to the user as is."""


@dataclass
class Extracted:
    text: str
    method: str


def max_bytes() -> int:
    return int(getattr(settings, "ZEMLYAKI_UPLOAD_MAX_BYTES", 25 * 1024 * 1024))


def _size_label(n: int) -> str:
    return f"{n / 1024 / 1024:.1f}".replace(".", ",").replace(",0", "") + " МБ"


def check_size(size: int) -> None:
    limit = max_bytes()
    if size > limit:
        raise ValidationError(
            _("Файл слишком большой: %(size)s, допустимо не более %(limit)s.")
            % {"size": _size_label(size), "limit": _size_label(limit)},
            code="too_big",
        )
    if size == 0:
        raise ValidationError(_("Файл пуст."), code="empty")


_check_zip = check_zip_archive


def _corrupt(kind: str) -> ValidationError:
    return ValidationError(
        _("Файл %(kind)s повреждён и не читается. Сохраните его заново и загрузите ещё раз.")
        % {"kind": KIND_LABELS.get(kind, kind)},
        code="corrupt",
    )


def _password(kind: str) -> ValidationError:
    return ValidationError(
        _("Файл %(kind)s защищён паролем. Снимите пароль и загрузите файл ещё раз.")
        % {"kind": KIND_LABELS.get(kind, kind)},
        code="password",
    )


def sniff(data: bytes) -> str:
    """The kind of a file by its first bytes and structure; '' when unknown."""
    head = data[:8]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if data.lstrip()[:5] == b"{\\rtf":
        return "rtf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "word/document.xml" in names:
                    return "docx"
                if "mimetype" in names and archive.read("mimetype").startswith(
                    b"application/vnd.oasis.opendocument.text"
                ):
                    return "odt"
        except (zipfile.BadZipFile, OSError, ValueError, KeyError):
            return "broken-zip"
        return "zip"
    if encoding.text_signature(data):  # a byte-order mark or UTF-16's zero bytes
        return "text"
    if b"\x00" in data[:4096]:
        return ""
    return "text"


def _describe_unknown(data: bytes) -> str:
    return describe(data)


def inspect(data: bytes) -> str:
    """Check a file and return its kind; ValidationError with a Russian message if refused."""
    check_size(len(data))
    kind = sniff(data)
    if kind == "broken-zip":
        raise _corrupt(kind)
    if kind in ("", "zip"):
        kind_words = _describe_unknown(data)
        message = _(
            "Неподдерживаемый тип файла. Принимаются DOCX, DOC, ODT, RTF, PDF, JPEG, PNG, "
            "TIFF и текст в любой русской кодировке."
        )
        if kind_words:
            message += " " + _("По содержимому это %(kind)s.") % {"kind": kind_words}
        raise ValidationError(message, code="type")
    if kind == "doc" and b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k" in data:
        # An OOXML file with a password is an OLE2 container holding EncryptedPackage.
        raise _password("docx")
    if kind in ("docx", "odt"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                _check_zip(archive)
                if archive.testzip() is not None:
                    raise _corrupt(kind)
                if kind == "odt" and b"encryption-data" in archive.read("META-INF/manifest.xml"):
                    raise _password(kind)
        except (zipfile.BadZipFile, OSError, EOFError, KeyError) as exc:
            raise _corrupt(kind) from exc
    elif kind == "pdf":
        _inspect_pdf(data)
    elif kind in ("jpeg", "png", "tiff"):
        _inspect_image(data, kind)
    elif kind == "text" and not decode_text(data).strip():
        raise ValidationError(_("В файле нет текста."), code="empty")
    return kind


def _inspect_pdf(data: bytes) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception as exc:  # unsupported algorithms count as a password too
                raise _password("pdf") from exc
            if not opened:
                raise _password("pdf")
        if len(reader.pages) == 0:
            raise _corrupt("pdf")
    except ValidationError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AttributeError) as exc:
        raise _corrupt("pdf") from exc


def _inspect_image(data: bytes, kind: str) -> None:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
    except Image.DecompressionBombError as exc:
        raise ValidationError(
            _("Изображение слишком велико по числу точек: похоже на бомбу."), code="bomb"
        ) from exc
    except Exception as exc:
        raise _corrupt(kind) from exc


def decode_text(data: bytes) -> str:
    """The text in whichever Russian encoding it was saved (``core.encoding``);
    ``ValidationError`` with a Russian message when it is no readable text."""
    return encoding.decode_text(data)


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n")
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", text)  # words hyphenated across OCR lines
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def extract(data: bytes, kind: str) -> Extracted:
    """Plain text of a file already passed by :func:`inspect`."""
    try:
        if kind == "docx":
            result = Extracted(_docx_text(data), "docx")
        elif kind == "odt":
            result = Extracted(_odt_text(data), "odt")
        elif kind == "rtf":
            result = Extracted(_rtf_text(data), "rtf")
        elif kind == "doc":
            result = Extracted(_office_text(data, ".doc"), "libreoffice")
        elif kind == "pdf":
            result = _pdf_text(data)
        elif kind in ("jpeg", "png", "tiff"):
            result = Extracted(_ocr_image(data, kind), "ocr")
        elif kind == "text":
            result = Extracted(decode_text(data), "text")
        else:
            raise ExtractionError(_("Неподдерживаемый тип файла."))
    except tools.ToolMissing as exc:
        raise ExtractionError(str(exc)) from exc
    except ValidationError as exc:  # a text file in no readable encoding
        raise ExtractionError(" ".join(exc.messages)) from exc
    except ExtractionError:
        raise
    except Exception as exc:
        raise ExtractionError(
            _("Не удалось извлечь текст из файла %(kind)s: файл повреждён или нечитаем.")
            % {"kind": KIND_LABELS.get(kind, kind)}
        ) from exc
    result.text = _clean(result.text)
    if not result.text:
        raise ExtractionError(_("В файле не найден текст."))
    return result


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _odt_text(data: bytes) -> str:
    from odf import teletype, text
    from odf.opendocument import load

    document = load(io.BytesIO(data))
    return "\n".join(
        teletype.extractText(p)
        for p in document.getElementsByType(text.H) + document.getElementsByType(text.P)
    )


def _rtf_text(data: bytes) -> str:
    from striprtf.striprtf import rtf_to_text

    raw = data.decode("latin-1")
    match = re.search(r"\\ansicpg(\d+)", raw)
    encoding = f"cp{match.group(1)}" if match else "cp1251"
    return str(rtf_to_text(raw, encoding=encoding, errors="replace"))


def _office_text(data: bytes, suffix: str) -> str:
    soffice = tools.tool_path("soffice")
    if soffice is None:
        raise tools.ToolMissing("soffice")
    with tempfile.TemporaryDirectory(prefix="zemlyaki-office-") as tmp:
        source = Path(tmp) / f"report{suffix}"
        source.write_bytes(data)
        profile = Path(tmp) / "profile"
        try:
            subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation=file://{profile}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "txt:Text (encoded):UTF8",
                    "--outdir",
                    tmp,
                    str(source),
                ],
                capture_output=True,
                timeout=OFFICE_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise ExtractionError(
                _("LibreOffice не успел прочитать файл: возможно, он защищён паролем.")
            ) from exc
        target = Path(tmp) / "report.txt"
        if not target.exists():
            raise ExtractionError(
                _("LibreOffice не смог прочитать файл DOC: он повреждён или защищён паролем.")
            )
        return target.read_bytes().decode("utf-8-sig", errors="replace")


def _pdf_text(data: bytes) -> Extracted:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        reader.decrypt("")
    pages = [page.extract_text() or "" for page in reader.pages]
    text = "\n".join(pages)
    if len(text.strip()) >= MIN_TEXT_PER_PAGE * len(pages):
        return Extracted(text, "pdf")
    return Extracted(_ocr_pdf(data), "ocr")


def _tesseract() -> str:
    path = tools.tool_path("tesseract")
    if path is None or not tools.tesseract_has_russian():
        raise tools.ToolMissing("tesseract")
    return path


def _run_tesseract(image: Path) -> str:
    try:
        result = subprocess.run(
            [_tesseract(), str(image), "stdout", "-l", "rus", "--psm", "3"],
            capture_output=True,
            timeout=OCR_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ExtractionError(_("Распознавание текста заняло слишком много времени.")) from exc
    if result.returncode != 0:
        raise ExtractionError(_("Не удалось распознать текст изображения."))
    return result.stdout.decode("utf-8", errors="replace")


def _ocr_image(data: bytes, kind: str) -> str:
    _tesseract()
    suffix = {"jpeg": ".jpg", "png": ".png", "tiff": ".tif"}[kind]
    with tempfile.TemporaryDirectory(prefix="zemlyaki-ocr-") as tmp:
        image = Path(tmp) / f"scan{suffix}"
        image.write_bytes(data)
        return _run_tesseract(image)


def _ocr_pdf(data: bytes) -> str:
    _tesseract()
    pdftoppm = tools.tool_path("pdftoppm")
    if pdftoppm is None:
        raise tools.ToolMissing("pdftoppm")
    with tempfile.TemporaryDirectory(prefix="zemlyaki-ocr-") as tmp:
        source = Path(tmp) / "scan.pdf"
        source.write_bytes(data)
        subprocess.run(
            [pdftoppm, "-r", "300", "-gray", "-png", str(source), str(Path(tmp) / "page")],
            capture_output=True,
            timeout=OCR_TIMEOUT,
            check=False,
        )
        pages = sorted(Path(tmp).glob("page*.png"))
        if not pages:
            raise ExtractionError(_("Не удалось прочитать страницы PDF для распознавания."))
        return "\n".join(_run_tesseract(page) for page in pages)
