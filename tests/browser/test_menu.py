"""The header menu on a phone: folded behind «Меню», opened by a real button with a
script and by the checkbox and its label without one; open on a laptop."""

import pytest

PHONE = {"width": 360, "height": 740}


@pytest.mark.parametrize("script", [True, False], ids=["with-script", "without-script"])
def test_the_menu_opens_on_a_phone(browser, site, script):
    context = browser.new_context(
        locale="ru-RU", base_url=site.url, viewport=PHONE, java_script_enabled=script
    )
    page = context.new_page()
    page.goto("/")
    menu = page.locator("#site-menu")
    assert not menu.is_visible()
    opener = page.locator("[data-menu-button]" if script else "label.menu-button")
    box = opener.bounding_box()
    assert box is not None and box["height"] >= 44
    assert page.locator(".site-header").bounding_box()["height"] <= 72
    if script:
        assert opener.get_attribute("aria-expanded") == "false"
        assert page.locator("label.menu-button").count() == 0
    opener.click()
    assert menu.is_visible()
    assert page.get_by_role("link", name="Землячества").first.is_visible()
    if script:
        assert opener.get_attribute("aria-expanded") == "true"
        page.keyboard.press("Escape")
        assert not menu.is_visible() and opener.get_attribute("aria-expanded") == "false"
    context.close()


def test_the_menu_is_open_on_a_laptop(page, site):
    page.goto("/")
    assert page.locator("#site-menu .main-nav").is_visible()
    assert not page.locator(".menu-button").first.is_visible()
