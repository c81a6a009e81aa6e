"""System programs some tests need (pdftotext, soffice, tesseract…).

A missing program skips the test with the Debian package to install, except in CI, where
ZEMLYAKI_REQUIRE_TOOLS=1 (or ZEMLYAKI_REQUIRE_BROWSER=1) turns the skip into a failure.
"""

import os
import shutil

import pytest


def tools_required() -> bool:
    return "1" in (
        os.environ.get("ZEMLYAKI_REQUIRE_TOOLS"),
        os.environ.get("ZEMLYAKI_REQUIRE_BROWSER"),
    )


def missing(reason: str) -> None:
    if tools_required():
        pytest.fail(reason)
    pytest.skip(reason)


def require_program(binary: str, package: str) -> str:
    path = shutil.which(binary)
    if path is None:
        missing(f"нет программы {binary}: установите пакет Debian «{package}»")
    return path  # type: ignore[return-value]
