"""The editorial group builds the outline of the work standard in Chromium; the history of
an approved section opens for a body member."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.strategy.factories import agree, make_user_person, make_world, write
from zemlyaki.governance.services import member_add, power_grant
from zemlyaki.strategy import services
from zemlyaki.strategy.models import DocumentKind, Section


def _rows(page):
    return page.locator("#outline tbody tr").all_inner_texts()


@pytest.mark.django_db(transaction=True)
def test_editorial_group_adds_reorders_and_renames_sections(page, login, coordinator):
    world = make_world(coordinator)
    standard = services.document_create(
        actor=coordinator, title="Стандарт работы землячества", kind=DocumentKind.STANDARD
    )
    writer, person = make_user_person("writer", "Писарева")
    member_add(actor=None, body=world.editorial, person=person, since=datetime.date(2023, 10, 15))
    power_grant(
        actor=None,
        body=world.editorial,
        code="strategy.edit_section",
        scope_type="strategy.document",
        scope_id=str(standard.pk),
    )
    login(writer)

    page.goto(f"/strategy/{standard.pk}/")
    expect(page.locator("#dashboard")).to_contain_text("В документе пока нет разделов.")
    page.get_by_role("link", name="Структура документа").click()
    for title in ("Общие положения", "Работа с земляками", "Отчётность"):
        page.fill("#id_title", title)
        page.get_by_role("button", name="Добавить раздел").click()
        expect(page.locator(".messages")).to_contain_text(f"Раздел «{title}» добавлен.")
    rows = page.locator("#outline tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(2)).to_contain_text("3")

    page.get_by_role("button", name="Выше: Отчётность").click()
    expect(rows.nth(1)).to_contain_text("Отчётность")
    expect(rows.nth(1).locator("td").first).to_have_text("2")
    expect(rows.nth(2)).to_contain_text("Работа с земляками")

    page.get_by_role("link", name="Переименовать: Работа с земляками").click()
    page.fill("#id_title", "Работа с земляками и их компетенциями")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator(".messages")).to_contain_text("Раздел переименован.")
    expect(rows.nth(2)).to_contain_text("Работа с земляками и их компетенциями")

    page.get_by_role("link", name=standard.title).click()
    dashboard = page.locator("#dashboard tbody tr")
    expect(dashboard).to_have_count(3)
    expect(dashboard.nth(0)).to_contain_text("Общие положения")
    expect(dashboard.nth(1)).to_contain_text("Отчётность")
    expect(dashboard.nth(2)).to_contain_text("Работа с земляками и их компетенциями")
    assert list(
        Section.objects.filter(document=standard).order_by("order").values_list("number", "title")
    ) == [
        ("1", "Общие положения"),
        ("2", "Отчётность"),
        ("3", "Работа с земляками и их компетенциями"),
    ]


@pytest.mark.django_db(transaction=True)
def test_history_of_an_approved_section_opens_for_a_body_member(page, login, coordinator):
    from zemlyaki.registry.models import Stakeholder

    world = make_world(coordinator)
    for section in world.sections:
        write(section, world.owner, "Текст раздела, согласованный экспертным советом.")
        agree(world, Section.objects.get(pk=section.pk))
    decision = Stakeholder.objects.create(kind="community", name="Решение общего собрания №1")
    services.document_approve(document=world.document, actor=world.manager, decision=decision)
    section = Section.objects.get(pk=world.sections[0].pk)
    assert section.status == "approved"
    login(world.experts[0])

    page.goto(f"/strategy/sections/{section.pk}/")
    page.get_by_role("link", name="История", exact=True).click()
    expect(page.locator("h1")).to_have_text(f"История раздела: {section}")
    expect(page.locator("#revisions tbody tr")).to_have_count(2)
    expect(page.locator("#revision-2")).to_contain_text("действующая")
    expect(page.locator("#transitions")).to_contain_text("утверждён")
    assert page.goto(f"/strategy/sections/{section.pk}/history/").status == 200
