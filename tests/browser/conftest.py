"""Browser tests drive Debian's Chromium through Playwright against the live server.

They skip with a reason only when Chromium is absent; with ZEMLYAKI_REQUIRE_BROWSER=1
(set by .ci/run) a missing browser fails the run instead.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    configured = os.environ.get("ZEMLYAKI_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    for candidate in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if executable is None:
        reason = "Chromium не найден: установите пакет Debian «chromium» (apt-get install chromium)"
        if os.environ.get("ZEMLYAKI_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_FLAGS, headless=True
        )
        yield instance
        instance.close()


@pytest.fixture
def site(live_server):
    """The live server with the reference data present (transactional tests flush tables)."""
    from zemlyaki.core.reference import load_reference

    load_reference()
    return live_server


@pytest.fixture
def page(browser, site):
    context = browser.new_context(
        locale="ru-RU", base_url=site.url, viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def login(page):
    """Log the browser in as a user (through the real login form)."""
    from tests.accounts.factories import PASSWORD

    def do(user):
        page.goto("/accounts/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", PASSWORD)
        # the header has a submit button too (the language switch): press the form's own
        page.click("main button[type=submit]")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)

    return do
