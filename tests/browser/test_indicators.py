"""The control body's member returns an entered value with a remark, the recorder fixes it,
the control body accepts it, and the dashboard's status changes."""

import pytest
from playwright.sync_api import expect

from tests.accounts.factories import PASSWORD
from tests.indicators.factories import controller, make_document, make_indicator, recorder
from zemlyaki.indicators.models import Measurement
from zemlyaki.indicators.services import measurement_enter, measurement_review


@pytest.fixture
def open_as(browser, site):
    contexts = []

    def start(user):
        context = browser.new_context(locale="ru-RU", base_url=site.url,
                                      viewport={"width": 1280, "height": 900})  # fmt: skip
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.goto("/accounts/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    yield start
    for context in contexts:
        context.close()


@pytest.mark.django_db(transaction=True)
def test_return_fix_accept_changes_the_dashboard_status(open_as):
    document = make_document()
    indicator = make_indicator(document, code="В1", name="Публикации в СМИ", unit="шт.",
                               targets={2026: 100}, baseline_year=2023, baseline_value=50)  # fmt: skip
    author, reviewer = recorder(), controller()
    first = measurement_enter(actor=author, indicator=indicator, year=2024, value=60,
                              evidence_url="https://example.org/2024")  # fmt: skip
    measurement_review(actor=reviewer, measurement=first, decision="accepted")
    waiting = measurement_enter(actor=author, indicator=indicator, year=2025, value=70,
                                evidence_url="https://example.org/2025")  # fmt: skip

    control = open_as(reviewer)
    control.goto("/indicators/")
    card = control.locator('[data-code="В1"]')
    expect(card).to_have_attribute("data-status", "risk")
    expect(card.locator(".badge")).to_have_text("риск")

    control.goto("/indicators/review/")
    entry = control.locator(f"#entry-{waiting.pk}")
    expect(entry).to_contain_text("70")
    entry.get_by_label("вернуть с замечаниями").check()
    entry.get_by_role("button", name="Записать решение").click()
    expect(control.locator(f"#entry-{waiting.pk} .error")).to_contain_text(
        "Напишите замечания: что исправить."
    )
    entry = control.locator(f"#entry-{waiting.pk}")
    entry.get_by_label("вернуть с замечаниями").check()
    entry.get_by_label("Замечания", exact=True).fill("В акте 95 публикаций, а не 70: исправьте.")
    entry.get_by_role("button", name="Записать решение").click()
    expect(control.locator(".message.success")).to_contain_text("возвращено с замечаниями")
    waiting.refresh_from_db()
    assert (waiting.status, waiting.remarks) == (
        "returned",
        "В акте 95 публикаций, а не 70: исправьте.",
    )

    writer = open_as(author)
    writer.goto(f"/indicators/{indicator.pk}/")
    row = writer.locator('#measurements tr[data-status="returned"]')
    expect(row).to_contain_text("В акте 95 публикаций")
    row.get_by_role("link", name="Исправить").click()
    writer.get_by_label("Значение").fill("-95")
    writer.get_by_role("button", name="Передать на проверку").click()
    expect(writer.locator(".field .error")).to_contain_text(
        "Значение не может быть отрицательным для этой единицы."
    )
    writer.get_by_label("Значение").fill("95")
    writer.get_by_role("button", name="Передать на проверку").click()
    expect(writer.locator(".message.success")).to_contain_text("передано на проверку")
    waiting.refresh_from_db()
    assert (waiting.status, waiting.value) == ("pending", 95)

    control.goto("/indicators/review/")
    entry = control.locator(f"#entry-{waiting.pk}")
    expect(entry).to_contain_text("95")
    entry.get_by_label("принять", exact=True).check()
    entry.get_by_role("button", name="Записать решение").click()
    expect(control.locator(".message.success")).to_contain_text("Значение принято.")
    assert Measurement.objects.get(pk=waiting.pk).status == "accepted"

    control.goto("/indicators/")
    card = control.locator('[data-code="В1"]')
    expect(card).to_have_attribute("data-status", "on_track")
    expect(card.locator(".badge")).to_have_text("в графике")
