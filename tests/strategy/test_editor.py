"""The visual editor around a section: drafts saved every few seconds, the live-insert
preview, the conflict page with both texts, the conversion of older Markdown texts and
the DOCX made from the HTML."""

import io

import pytest
from django.test import Client

from zemlyaki.strategy import assembly, exports, services
from zemlyaki.strategy.models import Revision, SectionDraft

from .factories import fresh, write


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_draft_is_saved_cleaned_without_a_revision_and_restored_in_the_editor(world):
    base = write(world.section, world.owner, "<p>Старый текст.</p>")
    client = _client(world.owner)
    url = f"/strategy/sections/{world.section.pk}/draft/"
    response = client.post(
        url, {"text": "<p>Новый <strong>текст</strong><script>x()</script></p>",
              "base_revision": base.pk},
    )  # fmt: skip
    assert response.status_code == 200
    assert response.json()["message"].startswith("Черновик сохранён в ")
    draft = SectionDraft.objects.get()
    assert (draft.text, draft.base_revision, draft.created_by) == (
        "<p>Новый <strong>текст</strong></p>",
        base,
        world.owner,
    )
    assert Revision.objects.filter(section=world.section).count() == 2
    assert fresh(world.section).current_revision == base
    client.post(url, {"text": "<p>Ещё новее.</p>", "base_revision": base.pk})
    assert list(SectionDraft.objects.values_list("text", flat=True)) == ["<p>Ещё новее.</p>"]

    page = client.get(f"/strategy/sections/{world.section.pk}/edit/").content.decode()
    assert 'id="draft-restored"' in page
    assert "&lt;p&gt;Ещё новее.&lt;/p&gt;</textarea>" in page

    saved = client.post(
        f"/strategy/sections/{world.section.pk}/edit/",
        {"text": "<p>Ещё новее.</p>", "base_revision": base.pk, "comment": "из черновика"},
    )
    assert saved.status_code == 302
    assert fresh(world.section).text == "<p>Ещё новее.</p>"
    assert SectionDraft.objects.count() == 0


def test_draft_refused_to_those_who_may_not_edit_and_nothing_is_kept(world):
    write(world.section, world.owner, "<p>Текст.</p>")
    response = _client(world.experts[0]).post(
        f"/strategy/sections/{world.section.pk}/draft/", {"text": "<p>Чужое.</p>"}
    )
    assert response.status_code == 403
    assert SectionDraft.objects.count() == 0


def test_discarding_the_draft_brings_back_the_current_text(world):
    base = write(world.section, world.owner, "<p>Действующий.</p>")
    services.draft_save(
        actor=world.owner, section=world.section, text="<p>Черновик.</p>", base_revision=base.pk
    )
    client = _client(world.owner)
    response = client.post(f"/strategy/sections/{world.section.pk}/draft/", {"discard": "1"})
    assert response.status_code == 302
    assert SectionDraft.objects.count() == 0
    page = client.get(f"/strategy/sections/{world.section.pk}/edit/").content.decode()
    assert "draft-restored" not in page
    assert "&lt;p&gt;Действующий.&lt;/p&gt;</textarea>" in page


def test_editor_page_offers_the_live_inserts_and_their_preview(world):
    client = _client(world.owner)
    page = client.get(f"/strategy/sections/{world.section.pk}/edit/").content.decode()
    import json
    import re

    offered = json.loads(re.search(r'id="live-inserts"[^>]*>(.*?)</script>', page).group(1))
    assert {"key": "table:bodies", "label": "Рабочие органы"} in offered["choices"]
    assert offered["preview"] == f"/strategy/sections/{world.section.pk}/insert/"
    assert "strategy/live_insert.js" in page and "django_prose_editor/editor.js" in page
    assert "https://" not in page.split("<body")[0]  # no outside hosts for the editor
    preview = client.get(f"/strategy/sections/{world.section.pk}/insert/?key=table:bodies")
    assert preview.status_code == 200
    assert "<caption>Рабочие органы</caption>" in preview.content.decode()
    assert "Расширенный экспертный совет" in preview.content.decode()
    bad = client.get(f"/strategy/sections/{world.section.pk}/insert/?key=<script>")
    assert bad.status_code == 404


def test_conflict_page_shows_both_texts_in_the_editor_form(world):
    base = fresh(world.section).current_revision_id
    write(world.section, world.owner, "<p>Текст <strong>первого</strong> автора.</p>")
    response = _client(world.owner).post(
        f"/strategy/sections/{world.section.pk}/edit/",
        {"text": "<p>Текст второго автора.</p>", "base_revision": base, "comment": ""},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert '<del class="diff-del">первого</del>' in html
    assert '<ins class="diff-ins">второго</ins>' in html
    assert "<strong>первого</strong>" in html  # the current text as formatted
    assert "data-django-prose-editor-configurable" in html


def test_docx_renders_bold_lists_tables_and_inserts_from_html(world):
    import docx

    write(
        world.section,
        world.owner,
        "<p>Землячества <strong>активно</strong> помогают.</p>"
        "<ul><li><p>первое</p></li><li><p>второе</p></li></ul>"
        "<table><tbody><tr><th>Год</th><th>Событие</th></tr>"
        "<tr><td>1996</td><td>Основание</td></tr></tbody></table>"
        '<div data-insert="table:bodies"></div>',
    )
    data = exports.to_docx(assembly.assemble(world.document))
    document = docx.Document(io.BytesIO(data))
    paragraph = next(p for p in document.paragraphs if p.text == "Землячества активно помогают.")
    assert [(r.text, r.bold) for r in paragraph.runs] == [
        ("Землячества ", None),
        ("активно", True),
        (" помогают.", None),
    ]
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert bullets == ["первое", "второе"]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    assert tables[0] == [["Год", "Событие"], ["1996", "Основание"]]
    assert tables[1][0] == ["Орган", "Вид", "Членов", "Кворум"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("restore_migrations")
def test_migration_converts_markdown_texts_to_html_once():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    def migrate(target):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate([("strategy", target)])
        return executor.loader.project_state([("strategy", target)]).apps

    apps = migrate("0004_section_draft")
    Document = apps.get_model("strategy", "Document")
    Section = apps.get_model("strategy", "Section")
    RevisionOld = apps.get_model("strategy", "Revision")
    Amendment = apps.get_model("strategy", "Amendment")
    Version = apps.get_model("strategy", "DocumentVersion")
    document = Document.objects.create(title="Стратегия", slug="strategiya-md")
    section = Section.objects.create(document=document, order=1, title="Один")
    old = RevisionOld.objects.create(section=section, number=1, text="Было **важно**.")
    new = RevisionOld.objects.create(
        section=section, number=2, text="Стало **важно**.\n\n{{ table:bodies }}\n"
    )
    done = RevisionOld.objects.create(section=section, number=3, text="<p>Уже HTML.</p>")
    amendment = Amendment.objects.create(
        section=section, paragraph=0, original="Стало **важно**.", proposed="Иначе *так*.",
        justification="—",
    )  # fmt: skip
    version = Version.objects.create(
        document=document, number=1, title="Стратегия", decision_type="x", decision_id="1",
        decision_repr="Решение", content={"sections": [{"text": "Текст *курсив*."}]},
    )  # fmt: skip

    apps = migrate("0005_texts_markdown_to_html")
    RevisionNew = apps.get_model("strategy", "Revision")
    texts = dict(RevisionNew.objects.values_list("pk", "text"))
    assert texts[old.pk] == "<p>Было <strong>важно</strong>.</p>"
    assert (
        texts[new.pk]
        == '<p>Стало <strong>важно</strong>.</p><div data-insert="table:bodies"></div>'
    )
    assert texts[done.pk] == "<p>Уже HTML.</p>"
    amendment = apps.get_model("strategy", "Amendment").objects.get(pk=amendment.pk)
    assert (amendment.original, amendment.proposed) == ("Стало важно.", "Иначе так.")
    content = apps.get_model("strategy", "DocumentVersion").objects.get(pk=version.pk).content
    assert content["sections"][0]["text"] == "<p>Текст <em>курсив</em>.</p>"
    from zemlyaki.strategy import markup

    diff = markup.word_diff(texts[old.pk], texts[new.pk])
    assert diff.left == 'Было<del class="diff-del"></del> важно.'.replace(
        '<del class="diff-del"></del>', ""
    ).replace("Было", '<del class="diff-del">Было</del>')
    assert diff.right == (
        '<ins class="diff-ins">Стало</ins> важно.<ins class="diff-ins">\n\n'
        "[Таблица: Рабочие органы]</ins>"
    )


def test_drafts_are_the_persons_data_exported_and_erased(world):
    from zemlyaki.strategy.personal_data import drafts_erase, drafts_export

    base = write(world.section, world.owner, "<p>Текст.</p>")
    services.draft_save(
        actor=world.owner, section=world.section, text="<p>Мой черновик.</p>", base_revision=base.pk
    )
    services.draft_save(
        actor=world.editor, section=world.section, text="<p>Чужой.</p>", base_revision=base.pk
    )
    exported = drafts_export(world.owner_person, world.owner)
    assert [(d["section"], d["text"]) for d in exported] == [
        (str(world.section), "<p>Мой черновик.</p>")
    ]
    assert drafts_erase(world.owner_person, world.owner, None) == 1
    assert list(SectionDraft.objects.values_list("text", flat=True)) == ["<p>Чужой.</p>"]
