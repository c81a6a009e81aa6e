"""Editing a strategy section in Chromium with the visual editor: bold a word, insert the
bodies table from the menu, save; the revision shows the change; the DOCX has both."""

import io
import re

import pytest
from playwright.sync_api import expect

from tests.strategy.factories import make_world, write


@pytest.mark.django_db(transaction=True)
def test_body_member_edits_section_in_visual_editor_and_the_docx_has_it(page, login, coordinator):
    import docx

    from zemlyaki.strategy.models import SectionDraft

    world = make_world(coordinator)
    section = world.sections[1]  # the editorial group's member may edit it
    write(section, world.owner, "<p>Землячества помогают краям.</p>")
    login(world.editor)

    page.goto(f"/strategy/sections/{section.pk}/")
    page.get_by_role("link", name="Редактировать текст").click()
    editor = page.locator(".tiptap.ProseMirror")
    expect(editor).to_have_text("Землячества помогают краям.")
    expect(page.locator("textarea[name=text]")).to_be_hidden()  # no markup to type

    # bold a new word
    editor.locator("p").first.click()
    page.keyboard.press("End")
    page.keyboard.press("ArrowLeft")  # before the full stop
    page.keyboard.type(" активно")
    page.keyboard.press("Control+Shift+ArrowLeft")
    page.locator("button[data-name=bold]").click()
    expect(editor.locator("strong")).to_have_text("активно")

    # the bodies table from the menu, shown as the table itself; the caret goes back into
    # the text first (the toolbar button may hold the focus, with the bold word selected).
    # A click, as a user would: focusing the editor by script lets it put back its last
    # selection (the bold word) after the keys have moved the caret, and the table would
    # replace the word.
    editor.locator("p").first.click()
    page.keyboard.press("Control+End")
    page.wait_for_function(
        "() => { const s = getSelection();"
        " return s.isCollapsed && document.querySelector('.tiptap').contains(s.anchorNode); }"
    )
    page.get_by_role("button", name="Вставить таблицу").click()
    dialog = page.locator("dialog.prose-editor-dialog")
    dialog.locator("select").select_option(label="Рабочие органы")
    dialog.get_by_role("button", name="Вставить").click()
    inserted = editor.locator(".live-insert[data-insert='table:bodies']")
    expect(inserted.locator("caption")).to_have_text("Рабочие органы")
    expect(inserted.locator("td").first).to_have_text("Рабочая группа")

    # the draft is kept every few seconds, without a revision
    expect(page.locator("#draft-status")).to_contain_text("Черновик сохранён в", timeout=15_000)
    assert SectionDraft.objects.filter(section=section, created_by=world.editor).exists()

    # leaving with unsaved changes asks first
    seen: list[str] = []

    def dismiss(dialog):
        seen.append(dialog.type)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.get_by_role("link", name="Отмена").click()
    page.wait_for_timeout(500)
    assert seen == ["beforeunload"]
    expect(page.locator("h1")).to_contain_text("Правка")

    page.fill("#id_comment", "Усилил формулировку, добавил органы")
    page.get_by_role("button", name="Сохранить редакцию").click()
    expect(page.locator(".messages")).to_contain_text("Текст сохранён как новая редакция.")
    expect(page.locator("#section-text strong")).to_have_text("активно")
    expect(page.locator("#section-text .live-insert caption")).to_have_text("Рабочие органы")
    assert not SectionDraft.objects.filter(section=section).exists()

    page.get_by_role("link", name="Редакции").click()
    expect(page.locator("#revision-3")).to_contain_text("Усилил формулировку")
    page.check('input[name="a"][value="2"]')
    page.check('input[name="b"][value="3"]')
    page.get_by_role("button", name="Сравнить").click()
    expect(page.locator("h1")).to_have_text("Сравнение редакций 2 и 3")
    expect(page.locator("#diff-left")).to_have_text("Землячества помогают краям.")
    expect(page.locator("#diff-right ins").first).to_have_text(" активно")
    expect(page.locator("#diff-right")).to_contain_text("[Таблица: Рабочие органы]")

    response = page.request.get(f"/strategy/{world.document.pk}/export.docx")
    assert response.ok
    document = docx.Document(io.BytesIO(response.body()))
    paragraph = next(p for p in document.paragraphs if "помогают краям" in p.text)
    assert paragraph.text == "Землячества помогают краям активно."
    assert [r.text for r in paragraph.runs if r.bold] == ["активно"]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    bodies = next(t for t in tables if t[0] == ["Орган", "Вид", "Членов", "Кворум"])
    assert [row[0] for row in bodies[1:]] == [
        "Рабочая группа",
        "Расширенный экспертный совет",
        "Редакционная группа",
    ]
    assert re.fullmatch(r"\d+", bodies[1][2])
