import re

import pytest
from playwright.sync_api import expect

from tests.registry.factories import make_association


@pytest.mark.django_db(transaction=True)
def test_filter_by_district_without_page_reload(page):
    make_association("Тамбовское землячество", ["68"])
    make_association("Якутское землячество", ["14"])
    make_association("Приморское землячество", ["25"])
    page.goto("/associations/")
    expect(page.locator("#association-count")).to_contain_text("3 землячества")
    # A marker on window survives only if the page is not reloaded.
    page.evaluate("window.__noReload = 'still-here'")
    page.select_option("#id_district", "FEFD")
    expect(page.locator("#association-count")).to_contain_text("2 землячества")
    names = page.locator("#association-results .card h2").all_inner_texts()
    assert names == ["Приморское землячество", "Якутское землячество"]
    assert page.evaluate("window.__noReload") == "still-here"
    expect(page).to_have_url(re.compile(r"district=FEFD"))


@pytest.mark.django_db(transaction=True)
def test_search_by_word_form_typed_in_the_box(page):
    make_association("Тамбовское землячество", ["68"])
    make_association("Рязанское землячество", ["62"])
    page.goto("/associations/")
    page.evaluate("window.__noReload = 1")
    page.fill("#id_q", "ТАМБОВСКОГО")
    expect(page.locator("#association-count")).to_contain_text("1 землячество")
    expect(page.locator("#association-results .card h2")).to_have_text(["Тамбовское землячество"])
    assert page.evaluate("window.__noReload") == 1


@pytest.mark.django_db(transaction=True)
def test_phone_layout_and_keyboard(browser, site):
    make_association("Тамбовское землячество", ["68"])
    context = browser.new_context(
        base_url=site.url, viewport={"width": 375, "height": 740}, locale="ru-RU"
    )
    page = context.new_page()
    page.goto("/associations/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Перейти к содержанию"
    context.close()


@pytest.mark.django_db(transaction=True)
def test_pages_request_nothing_from_other_hosts(page, site):
    make_association("Тамбовское землячество", ["68"])
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for path in [
        "/",
        "/associations/",
        "/associations/tambovskoe-zemlyachestvo/",
        "/stakeholders/",
    ]:
        page.goto(path)
        page.wait_for_load_state("networkidle")
    assert requested
    assert [url for url in requested if not url.startswith(site.url)] == []
    assert page.evaluate("typeof htmx") == "object"
