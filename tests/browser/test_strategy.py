"""Editing a strategy section in Chromium: live preview, save, compare two revisions."""

import pytest
from playwright.sync_api import expect

from tests.strategy.factories import make_world, write


@pytest.mark.django_db(transaction=True)
def test_owner_edits_section_sees_preview_and_compares_revisions(page, login, coordinator):
    world = make_world(coordinator)
    section = world.section
    write(section, world.owner, "Землячества помогают краям.")
    login(world.owner)

    page.goto(f"/strategy/sections/{section.pk}/")
    page.get_by_role("link", name="Редактировать текст").click()
    editor = page.locator("#id_text")
    expect(editor).to_have_value("Землячества помогают краям.")
    page.evaluate("window.__noReload = 'still-here'")
    editor.fill(
        "Землячества **активно** помогают краям.\n\n"
        "| Год | Событие |\n|---|---|\n| 1996 | Основание |\n\n"
        "<script>window.__xss = 1</script>\n\n"
        "{{ table:bodies }}\n"
    )
    preview = page.locator("#preview")
    expect(preview.locator("strong")).to_have_text("активно")
    expect(preview.locator("table td").first).to_have_text("1996")
    expect(preview.locator("caption")).to_have_text("Рабочие органы")
    expect(preview).to_contain_text("<script>window.__xss = 1</script>")
    assert page.evaluate("window.__xss") is None
    assert page.evaluate("window.__noReload") == "still-here"  # the preview came without a reload

    page.fill("#id_comment", "Усилил формулировку")
    page.get_by_role("button", name="Сохранить редакцию").click()
    expect(page.locator(".messages")).to_contain_text("Текст сохранён как новая редакция.")
    expect(page.locator("#section-text strong")).to_have_text("активно")

    page.get_by_role("link", name="Редакции").click()
    expect(page.locator("#revision-3")).to_contain_text("Усилил формулировку")
    page.check('input[name="a"][value="2"]')
    page.check('input[name="b"][value="3"]')
    page.get_by_role("button", name="Сравнить").click()
    expect(page.locator("h1")).to_have_text("Сравнение редакций 2 и 3")
    expect(page.locator("#diff-right ins").first).to_contain_text("**активно**")
    expect(page.locator("#diff-left")).to_have_text("Землячества помогают краям.")
