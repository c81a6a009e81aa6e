"""Previews of a library file: images as they are, the first page of a PDF as a picture
(pdftoppm), a DOCX or ODT converted to PDF by LibreOffice where it is installed, plain
text as text. A missing tool means no preview, never an error."""

import subprocess
import tempfile
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from zemlyaki.core.encoding import decode_text
from zemlyaki.reports import tools

from .library import DOCX, ODT

TEXT_PREVIEW_CHARS = 4000
TIMEOUT = 90


def preview_of(version: Any) -> dict[str, Any] | None:
    kind = version.content_type
    if kind.startswith("image/"):
        return {"kind": "image", "url": version.blob.url}
    if kind.startswith("text/"):
        with version.blob.open("rb") as handle:
            data = handle.read(TEXT_PREVIEW_CHARS * 4)
        try:
            text = decode_text(data)
        except ValidationError:  # not readable as text: no preview
            return None
        return {"kind": "text", "text": text[:TEXT_PREVIEW_CHARS]}
    if kind == "application/pdf" or kind in (DOCX, ODT):
        return {"kind": "page", "url": reverse("workspace:version_preview", args=[version.pk])}
    return None


def first_page_png(version: Any) -> bytes | None:
    """The first page of the version as a PNG, cached; None when it cannot be drawn."""
    key = f"workspace:preview:{version.pk}"
    found = cache.get(key)
    if found is not None:
        return found or None
    png = _draw(version)
    cache.set(key, png or b"", 24 * 3600)
    return png


def _draw(version: Any) -> bytes | None:
    pdftoppm = tools.tool_path("pdftoppm")
    if pdftoppm is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        suffix = ".pdf" if version.content_type == "application/pdf" else ".docx"
        if version.content_type == ODT:
            suffix = ".odt"
        source = work / f"source{suffix}"
        with version.blob.open("rb") as handle:
            source.write_bytes(handle.read())
        if suffix != ".pdf":
            soffice = tools.tool_path("soffice")
            if soffice is None:
                return None
            try:
                subprocess.run(
                    [soffice, "--headless", f"-env:UserInstallation=file://{work}/profile",
                     "--convert-to", "pdf", "--outdir", str(work), str(source)],
                    capture_output=True, timeout=TIMEOUT, check=False,
                )  # fmt: skip
            except (OSError, subprocess.TimeoutExpired):
                return None
            source = work / "source.pdf"
            if not source.exists():
                return None
        try:
            subprocess.run(
                [pdftoppm, "-png", "-f", "1", "-l", "1", "-r", "50", "-singlefile",
                 str(source), str(work / "page")],
                capture_output=True, timeout=TIMEOUT, check=False,
            )  # fmt: skip
        except (OSError, subprocess.TimeoutExpired):
            return None
        page = work / "page.png"
        return page.read_bytes() if page.exists() else None
