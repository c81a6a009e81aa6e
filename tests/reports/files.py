"""Report files built by the tests themselves: each format from the same Russian text."""

import io
import os
import subprocess
import tempfile
import zipfile
from pathlib import Path

from tests.support.tools import missing
from zemlyaki.reports import tools

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def require_tool(key: str) -> None:
    """Skip when a system tool is missing, unless CI demands every tool (then fail)."""
    if tools.available(key):
        return
    missing(tools.missing_message(key))


def docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def odt_bytes(text: str) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    document = OpenDocumentText()
    for line in text.split("\n"):
        document.text.addElement(P(text=line))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def rtf_bytes(text: str) -> bytes:
    """RTF as Word writes Russian: code page 1251 with \\'xx escapes."""
    body = []
    for line in text.split("\n"):
        escaped = "".join(f"\\'{b:02x}" if b > 127 else chr(b) for b in line.encode("cp1251"))
        body.append(escaped + "\\par\n")
    return (
        "{\\rtf1\\ansi\\ansicpg1251\\deff0{\\fonttbl{\\f0 Times New Roman;}}\\f0\\fs24\n"
        + "".join(body)
        + "}"
    ).encode("ascii")


def pdf_bytes(text: str) -> bytes:
    """A PDF with a text layer (WeasyPrint)."""
    from weasyprint import HTML

    paragraphs = "".join(f"<p>{line}</p>" for line in text.split("\n"))
    return bytes(HTML(string=f"<html lang='ru'><body>{paragraphs}</body></html>").write_pdf())


def text_image(text: str, width: int = 2000) -> "object":
    """A rendered picture of the text, as a scanner would produce it (300 dpi-like)."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(FONT, 42)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}".strip()
            if font.getlength(candidate) > width - 160:
                lines.append(current)
                current = word
            else:
                current = candidate
        lines.append(current)
    image = Image.new("L", (width, 120 + 62 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for n, line in enumerate(lines):
        draw.text((80, 60 + 62 * n), line, fill=0, font=font)
    return image


def image_bytes(text: str, fmt: str) -> bytes:
    out = io.BytesIO()
    text_image(text).save(out, format=fmt)  # type: ignore[attr-defined]
    return out.getvalue()


def scanned_pdf_bytes(text: str) -> bytes:
    """A PDF holding only a picture of the text: no text layer, OCR needed."""
    out = io.BytesIO()
    text_image(text).save(out, format="PDF", resolution=250)  # type: ignore[attr-defined]
    return out.getvalue()


def doc_bytes(text: str) -> bytes:
    """A Word 97 .doc converted by LibreOffice from a DOCX."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "report.docx"
        source.write_bytes(docx_bytes(text))
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{tmp}/profile",
                "--headless",
                "--convert-to",
                "doc",
                "--outdir",
                tmp,
                str(source),
            ],
            capture_output=True,
            timeout=180,
            check=True,
        )
        return (Path(tmp) / "report.doc").read_bytes()


def encrypted_pdf_bytes(text: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(pdf_bytes(text))).pages:
        writer.add_page(page)
    writer.encrypt("секрет-123")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted_docx_bytes() -> bytes:
    """What Word saves for a DOCX with a password: an OLE2 container with an
    EncryptedPackage stream (the header and the stream names are what matters here)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    names = "EncryptionInfo".encode("utf-16-le") + b"\x00" * 10
    names += "EncryptedPackage".encode("utf-16-le") + b"\x00" * 10
    return header + names + os.urandom(2048)


def bomb_docx_bytes() -> bytes:
    """A DOCX whose document part unpacks to 60 MB of zeros from a few kilobytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\x00" * (1 << 20)
            for _ in range(60):
                member.write(chunk)
    return out.getvalue()


def corrupt_docx_bytes(text: str) -> bytes:
    data = docx_bytes(text)
    return data[: len(data) // 2]


def zip_of(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()
