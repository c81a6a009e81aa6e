import io

import openpyxl
import pytest
from playwright.sync_api import expect

from tests.accounts.factories import UserFactory
from tests.people.factories import csv_bytes
from tests.people.test_import import MESSY
from tests.registry.factories import make_association


@pytest.mark.django_db(transaction=True)
def test_import_wizard_end_to_end(page, login, tmp_path):
    from zemlyaki.people.models import Person
    from zemlyaki.registry.services import association_add_leader

    leader = UserFactory(role="leader", username="lead-browser")
    association = make_association("Тамбовское землячество", ["68"])
    association_add_leader(actor=None, association=association, user=leader)
    upload = tmp_path / "список.csv"
    upload.write_bytes(csv_bytes(MESSY, encoding="cp1251"))
    login(leader)

    page.goto("/people/imports/")
    # A leader of one association never picks it from a list.
    expect(page.locator(".fixed-choice")).to_have_text("Тамбовское землячество")
    page.set_input_files("#id_file", str(upload))
    page.click("#upload-form button[type=submit]")

    # The list is read in the background (here the tasks run as soon as the upload is
    # committed): the import's page shows the preview, and the mapping can be changed.
    expect(page.locator("#count-new")).to_have_text("3")
    page.click("text=Изменить сопоставление столбцов")
    expect(page.locator("h1")).to_have_text("Сопоставление столбцов")
    expect(page.locator("#id_col_1")).to_have_value("full_name")
    expect(page.locator("#id_col_3")).to_have_value("phone")
    page.click("#mapping-form button[type=submit]")

    expect(page.locator("#count-new")).to_have_text("3")
    expect(page.locator("#count-errors")).to_have_text("4")
    expect(page.locator("tr[data-row='4']")).to_contain_text("Такой даты нет: «31.02.1980».")
    assert Person.objects.count() == 0
    page.check("input[name=on_match][value=fill]")
    page.check("#id_consent_confirmed")
    page.click("#commit-form button[type=submit]")

    expect(page.locator("#count-created")).to_have_text("3")
    expect(page.locator("#count-errors")).to_have_text("4")
    with page.expect_download() as download_info:
        page.click("#error-report")
    report = openpyxl.load_workbook(
        io.BytesIO(download_info.value.path().read_bytes()), read_only=True
    )
    assert [row[0] for row in report.worksheets[0].iter_rows(values_only=True)][1:] == [4, 5, 6, 7]
    assert Person.objects.count() == 3

    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#undo-button")
    # The undoing is a background task too (run here as soon as the request commits).
    expect(page.locator(".messages")).to_contain_text("Загрузка отменяется")
    expect(page.locator("#import-status")).to_have_text("отменена")
    assert Person.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_expert_search_finds_word_forms_without_reload(page, login):
    from tests.people.factories import make_person

    coordinator = UserFactory(role="coordinator", username="coord-browser")
    make_person("Юристов", "Андрей", "", occupation="юрист")
    make_person("Врачев", "Олег", "", occupation="врач")
    login(coordinator)
    page.goto("/people/")
    expect(page.locator("#person-count")).to_contain_text("2 человека")
    page.evaluate("window.__noReload = 1")
    page.fill("#id_q", "юристы")
    expect(page.locator("#person-count")).to_contain_text("1 человек")
    expect(page.locator("#person-results mark")).to_have_text(["Юристов", "юрист"])
    assert page.evaluate("window.__noReload") == 1
