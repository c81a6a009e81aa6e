"""The visual editor on a 360-pixel phone: nothing runs off the side of the page."""

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
