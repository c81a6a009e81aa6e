import pytest
from playwright.sync_api import expect

from tests.accounts.factories import UserFactory
from tests.registry.factories import make_association
from tests.reports import files
from tests.reports.conftest import REPORT_TEXT, SHORT_TEXT


@pytest.mark.django_db(transaction=True)
def test_upload_a_scan_and_see_its_analysis(page, login, tmp_path):
    files.require_tool("tesseract")
    make_association("Тамбовское землячество", ["68"], short_name="Тамбовское землячество")
    login(UserFactory(role="coordinator", username="coord"))
    scan = tmp_path / "скан.png"
    scan.write_bytes(files.image_bytes(SHORT_TEXT, "PNG"))
    page.goto("/reports/upload/")
    # The only association there is is taken: shown as text, not a list to pick from.
    expect(page.locator(".fixed-choice")).to_have_text("Тамбовское землячество")
    page.fill("#id_year_from", "2003")
    page.set_input_files("#id_file", str(scan))
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_have_text("Отчёт: Тамбовское землячество, 2003")
    expect(page.locator("#report-status .badge")).to_have_text("проанализирован")
    expect(page.locator("#report-text mark.ent-LOC")).to_have_text(["Тамбове"])
    expect(page.locator("#activities .finding")).to_have_count(3)
    page.goto("/reports/search/")
    page.evaluate("window.__noReload = 1")
    page.fill("#id_q", "ВЕТЕРАНАМИ")
    expect(page.locator("#search-count")).to_contain_text("1 отчёт")
    expect(page.locator("#search-results mark")).to_have_text(["ветеранов"])
    assert page.evaluate("window.__noReload") == 1


@pytest.mark.django_db(transaction=True)
def test_reject_a_false_failure_in_the_page(page, login):
    from zemlyaki.reports.services import report_analyse, report_create

    tambov = make_association("Тамбовское землячество", ["68"], short_name="Тамбовское землячество")
    coordinator = UserFactory(role="coordinator", username="coord")
    report = report_create(
        actor=coordinator, association=tambov, year_from=2005, text=REPORT_TEXT, process=False
    )
    report_analyse(report=report)
    login(coordinator)
    page.goto(f"/reports/{report.pk}/")
    expect(page.locator("#failures .finding")).to_have_count(2)
    finding = page.locator("#failures .finding").nth(1)
    finding.locator("summary").click()
    finding.locator("select[name=verdict]").select_option("rejected")
    finding.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("Находка отклонена")
    expect(page.locator("#failures .finding.rejected .review")).to_have_text("отклонено")
    page.click("text=Проанализировать заново")
    expect(page.locator("#failures .finding")).to_have_count(1)


@pytest.mark.django_db(transaction=True)
def test_a_failed_analysis_is_shown_and_restarted_in_the_page(page, login, monkeypatch):
    import struct

    from zemlyaki.reports import analysis
    from zemlyaki.reports.services import report_analyse, report_create

    def broken(word):
        raise struct.error("unpack requires a buffer of 8 bytes")

    tambov = make_association("Тамбовское землячество", ["68"], short_name="Тамбовское землячество")
    coordinator = UserFactory(role="coordinator", username="coord")
    monkeypatch.setattr(analysis, "is_adjective", broken)
    report = report_analyse(
        report=report_create(
            actor=coordinator, association=tambov, year_from=2005, text=REPORT_TEXT, process=False
        )
    )
    monkeypatch.undo()
    login(coordinator)
    page.goto(f"/reports/{report.pk}/")
    expect(page.locator("#report-status .badge")).to_have_text("ошибка анализа")
    expect(page.locator("#report-failure")).to_contain_text("struct.error")
    expect(page.locator("#report-failure")).to_contain_text("анализ можно перезапустить")
    expect(page.locator("#report-text")).to_contain_text("с 420 до 515 членов")
    page.click("#restart")
    expect(page.locator(".messages")).to_contain_text("Анализ перезапущен.")
    expect(page.locator("#report-status .badge")).to_have_text("проанализирован")
    expect(page.locator("#report-failure")).to_have_count(0)
    expect(page.locator("#failures .finding blockquote mark").first).to_have_text("К сожалению")
