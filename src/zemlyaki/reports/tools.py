"""System tools the archive uses, found on PATH at call time, with the Debian package of each.

The platform runs without them: a feature that needs a missing tool says so and names
the package to install.
"""

import shutil
import subprocess
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class Tool:
    key: str
    command: str
    package: str
    purpose: Any  # a lazily translated string


TOOLS = {
    "tesseract": Tool(
        "tesseract", "tesseract", "tesseract-ocr-rus", gettext_lazy("распознавание сканов")
    ),
    "soffice": Tool(
        "soffice", "soffice", "libreoffice-writer-nogui", gettext_lazy("чтение файлов DOC")
    ),
    "pdftoppm": Tool(
        "pdftoppm", "pdftoppm", "poppler-utils", gettext_lazy("распознавание сканов PDF")
    ),
}


def tool_path(key: str) -> str | None:
    return shutil.which(TOOLS[key].command)


def tesseract_has_russian() -> bool:
    path = tool_path("tesseract")
    if path is None:
        return False
    try:
        result = subprocess.run(
            [path, "--list-langs"], capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return "rus" in (result.stdout + result.stderr).split()


def available(key: str) -> bool:
    if key == "tesseract":
        return tesseract_has_russian()
    return tool_path(key) is not None


def missing_message(key: str) -> str:
    tool = TOOLS[key]
    return _("%(purpose)s недоступно: установите пакет Debian %(package)s") % {
        "purpose": str(tool.purpose)[:1].upper() + str(tool.purpose)[1:],
        "package": tool.package,
    }


def status() -> list[dict[str, object]]:
    """Each tool, whether it is present, and the message to show when it is not."""
    return [
        {
            "key": tool.key,
            "package": tool.package,
            "purpose": tool.purpose,
            "available": available(tool.key),
            "message": missing_message(tool.key),
        }
        for tool in TOOLS.values()
    ]


class ToolMissing(Exception):
    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(missing_message(key))
