import datetime

import pytest
from playwright.sync_api import expect

from tests.accounts.factories import UserFactory
from tests.plan.factories import SEED_PLAN, import_seed, make_body, make_task
from zemlyaki.plan.models import Plan


@pytest.mark.django_db(transaction=True)
def test_gantt_chart_has_bars_dependency_arrows_and_today(page, login):
    plan = import_seed()
    extra = make_task(plan, "8", "Утвердить стратегию", due="01.12.2024")
    extra.depends_on.set([plan.tasks.get(position=8)])
    login(UserFactory(username="olga", role="member"))
    page.goto(f"/plans/{plan.pk}/gantt/")
    chart = page.locator("svg#gantt")
    expect(chart).to_be_visible()
    bars = chart.locator("rect.bar")
    expect(bars).to_have_count(9)
    assert sorted(int(b.get_attribute("data-task")) for b in bars.all()) == sorted(
        plan.tasks.values_list("pk", flat=True)
    )
    # the bars have real size on the screen
    box = bars.first.bounding_box()
    assert box is not None and box["width"] > 3 and box["height"] > 10
    expect(chart.locator("path.dep")).to_have_count(8)
    expect(chart.locator("path.dep.implicit")).to_have_count(7)
    explicit = chart.locator("path.dep:not(.implicit)")
    assert explicit.get_attribute("data-to") == str(extra.pk)
    assert explicit.get_attribute("marker-end") == "url(#arrow)"
    today = chart.locator("line.today")
    expect(today).to_have_count(1)
    line_box = today.bounding_box()
    assert line_box is not None and line_box["height"] > 200
    # today lies to the right of the last deadline (01.12.2024)
    last_bar = chart.locator(f'rect.bar[data-task="{extra.pk}"]').bounding_box()
    assert line_box["x"] > last_bar["x"] + last_bar["width"]
    expect(chart.locator("text.today-label")).to_have_text(
        f"Сегодня {datetime.date.today():%d.%m.%Y}"
    )
    # slipped items are outlined
    expect(chart.locator("rect.bar.problem")).to_have_count(9)  # all overdue by now


@pytest.mark.django_db(transaction=True)
def test_plan_page_shows_slips_next_to_tasks(page, login):
    plan = import_seed()
    login(UserFactory(username="olga", role="member"))
    page.goto(f"/plans/{plan.pk}/")
    expect(page.locator("#problem-list li[data-kind=order_slip]")).to_have_count(4)
    expect(page.locator("#problem-list li[data-kind=duplicate_number]")).to_have_text(
        "повтор номера. Номер 3 встречается 2 раза."
    )
    sixth = page.locator("#tasks tr[data-number='6']")
    expect(sixth.locator("li[data-kind=order_slip]")).to_have_text(
        "Пункт 6 (срок 01.03.2023) идёт после пунктов 1, 2, 3, 4, но его срок раньше их срока "
        "(15.10.2023)."
    )
    page.click("text=Диаграмма Ганта")
    expect(page.locator("svg#gantt rect.bar")).to_have_count(8)


@pytest.mark.django_db(transaction=True)
def test_import_shows_a_preview_to_confirm_before_saving(page, login):
    working = make_body("Рабочая группа разработки Стратегии", "working_group")
    council = make_body("Расширенный экспертный совет", "expert_council")
    login(UserFactory(username="coordinator1", role="coordinator"))
    page.goto("/plans/import/")
    page.fill("#id_text", SEED_PLAN.read_text(encoding="utf-8"))
    page.fill("#id_title", "План из предложения")
    page.click("text=Далее: предпросмотр")
    expect(page.locator("#preview-note")).to_contain_text("В базу ещё ничего не записано.")
    warnings = page.locator("#import-warnings li")
    expect(warnings).to_have_count(7)  # 4 cleanings, 3 items naming bodies that do not exist
    expect(warnings.nth(5)).to_have_text(
        "Строка 11: удалена служебная пометка текстового редактора «[bookmark: _GoBack]»"
    )
    assert Plan.objects.count() == 0
    rows = page.locator("#preview-tasks tbody tr")
    expect(rows).to_have_count(8)
    first = rows.nth(0)
    expect(first.locator("select")).to_have_value(str(working.pk))
    expect(first.locator(".owner-mention")).to_have_text("в тексте: «рабочую группу»")
    fifth = rows.nth(4)
    expect(fifth.locator("input[type=date]")).to_have_value("2023-10-01")
    expect(fifth.locator(".stated-due")).to_have_text("в конце пункта: 01.02.2023")
    fifth.locator("select").select_option(str(council.pk))
    fifth.locator("input[type=date]").fill("2023-09-30")
    page.click("#confirm-button")
    expect(page.locator("h1")).to_contain_text("План из предложения")
    expect(page.get_by_text("План загружен: 8 мероприятий.")).to_be_visible()
    expect(
        page.get_by_text("При загрузке: Строка 5: номер пункта 3 уже был в строке 4", exact=False)
    ).to_be_visible()
    plan = Plan.objects.get()
    item = plan.tasks.get(position=5)
    assert (item.owner_body, item.due_date) == (council, datetime.date(2023, 9, 30))
    assert plan.tasks.get(position=1).owner_body == working
