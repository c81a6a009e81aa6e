"""A leader creates a program with two needs, a stakeholder's representative pledges,
a coordinator confirms and marks the delivery; the gap chart follows."""

import pytest
from playwright.sync_api import expect

from tests.accounts.factories import UserFactory
from tests.programs.factories import leader_of, representative
from tests.registry.factories import make_association, make_stakeholder
from zemlyaki.programs.models import Pledge, Program


def _bar(page, series, kind, unit):
    return page.locator(f'#gap-chart rect.bar-{series}[data-kind="{kind}"][data-unit="{unit}"]')


@pytest.mark.django_db(transaction=True)
def test_program_needs_pledge_confirmation_and_delivery(page, login):
    association = make_association()
    leader = leader_of(association, "tambov-lead")
    giver = make_stakeholder(name="Клуб предпринимателей «Родные края»", kind="business")
    rep = representative(giver, "club-rep")
    coordinator = UserFactory(role="coordinator", username="coord-b")

    login(leader)
    page.goto("/programs/new/")
    page.fill("#id_title", "Дни Тамбовской области")
    page.select_option("#id_association", str(association.pk))
    page.fill("#id_start", "2025-01-01")
    page.fill("#id_end", "2026-12-31")
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_have_text("Дни Тамбовской области")
    program = Program.objects.get()
    for kind, quantity, unit in (("money", "500000", "rub"), ("premises", "300", "sqm")):
        page.click("text=Добавить потребность")
        page.select_option("#id_need-kind", kind)
        page.fill("#id_need-quantity", quantity)
        page.select_option("#id_need-unit", unit)
        page.click("#need-form button[type=submit]")
        expect(page.locator(".messages")).to_contain_text("Потребность добавлена.")
    expect(page.locator("#needs tbody tr")).to_have_count(2)
    assert _bar(page, "needed", "money", "rub").get_attribute("data-value") == "500000.00"
    assert _bar(page, "pledged", "money", "rub").get_attribute("data-value") == "0.00"

    page.context.clear_cookies()
    login(rep)
    page.goto(f"/programs/{program.pk}/")
    page.click("text=Обещать ресурс")
    page.select_option("#id_pledge-giver", f"stakeholder:{giver.pk}")
    money = program.needs.get(kind="money")
    page.select_option("#id_pledge-need", str(money.pk))
    page.fill("#id_pledge-quantity", "200000")
    page.select_option("#id_pledge-unit", "rub")
    page.click("#pledge-form button[type=submit]")
    expect(page.locator("#pledges tbody tr")).to_have_count(1)
    expect(page.locator("#pledges .state")).to_have_text("обещано")
    assert _bar(page, "pledged", "money", "rub").get_attribute("data-value") == "200000.00"
    assert _bar(page, "confirmed", "money", "rub").get_attribute("data-value") == "0.00"
    expect(page.locator("text=Подтвердить")).to_have_count(0)  # not the representative's to do

    page.context.clear_cookies()
    login(coordinator)
    page.goto(f"/programs/{program.pk}/")
    page.click("#pledges button:has-text('Подтвердить')")
    expect(page.locator("#pledges .state")).to_have_text("подтверждено")
    confirmed = _bar(page, "confirmed", "money", "rub")
    assert confirmed.get_attribute("data-value") == "200000.00"
    assert confirmed.bounding_box()["width"] > 50
    gap_before = page.locator('#balance tr[data-kind="money"] .gap').inner_text()
    assert gap_before == "300\u00a0000"
    form = page.locator("#pledges form.deliver")
    form.locator("input[name=delivered_quantity]").fill("150000")
    form.locator("input[name=evidence_url]").fill("https://example.org/act-1")
    form.locator("button").click()
    expect(page.locator("#pledges .state")).to_have_text("выполнено: 150\u00a0000 (частично)")
    expect(page.locator('#balance tr[data-kind="money"] .gap')).to_have_text("350\u00a0000")
    pledge = Pledge.objects.get()
    assert (pledge.status, pledge.delivered_quantity, pledge.evidence_url) == (
        "delivered",
        150000,
        "https://example.org/act-1",
    )
