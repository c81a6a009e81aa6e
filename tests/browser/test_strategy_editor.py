"""The visual editor on a 360-pixel phone, and two editors saving the same section."""

import pytest
from playwright.sync_api import expect

from tests.strategy.factories import make_world, write


@pytest.mark.django_db(transaction=True)
def test_editor_fits_a_phone_screen(page, login, coordinator):
    world = make_world(coordinator)
    section = world.sections[1]
    write(
        section,
        world.owner,
        '<p>Землячества помогают краям.</p><div data-insert="table:bodies"></div>',
    )
    login(world.editor)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"/strategy/sections/{section.pk}/edit/")
    editor = page.locator(".tiptap.ProseMirror")
    expect(editor.locator(".live-insert caption")).to_have_text("Рабочие органы")
    page.screenshot(path="/tmp/editor-phone.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.django_db(transaction=True)
def test_two_editors_conflict_shows_both_texts_and_keeps_mine_in_the_editor(
    page, login, coordinator
):
    world = make_world(coordinator)
    section = world.sections[1]
    write(section, world.owner, "<p>Землячества помогают краям.</p>")
    login(world.editor)
    page.goto(f"/strategy/sections/{section.pk}/edit/")
    editor = page.locator(".tiptap.ProseMirror")
    expect(editor).to_have_text("Землячества помогают краям.")
    write(section, world.owner, "<p>Землячества помогают родным краям.</p>")  # meanwhile

    editor.locator("p").first.click()
    page.keyboard.press("End")
    page.keyboard.type(" Вместе.")
    page.get_by_role("button", name="Сохранить редакцию").click()
    expect(page.locator("h1")).to_have_text("Конфликт правок")
    expect(page.locator("#conflict-current del")).to_have_text("родным ")
    expect(page.locator("#conflict-yours")).to_contain_text("Вместе.")
    editor = page.locator(".tiptap.ProseMirror")
    expect(editor).to_have_text("Землячества помогают краям. Вместе.")
    page.get_by_role("button", name="Сохранить поверх действующей редакции").click()
    expect(page.locator(".messages")).to_contain_text("Текст сохранён как новая редакция.")
    expect(page.locator("#section-text")).to_contain_text("Землячества помогают краям. Вместе.")
