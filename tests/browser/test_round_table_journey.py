"""One visitor's path through the round table: register for it, then, signed in, open the
plan it discusses and see the Gantt chart."""

import pytest
from playwright.sync_api import expect

from tests.accounts.factories import UserFactory
from tests.events.factories import make_event
from tests.plan.factories import import_seed
from zemlyaki.events.models import Registration


@pytest.mark.django_db(transaction=True)
def test_register_for_the_round_table_and_see_the_plan_gantt_chart(page, login):
    event = make_event(
        "Круглый стол по плану разработки Стратегии", kind="round_table", capacity=30
    )
    plan = import_seed()
    user = UserFactory(username="zemlyak", role="member", email="zemlyak@example.org")
    login(user)
    page.goto(f"/events/{event.pk}/preparation/")
    page.fill("#id_name", "Ольга Землякова")
    page.fill("#id_email", "zemlyak@example.org")
    page.check("#id_consent")
    page.click("#registration button[type=submit]")
    expect(page.locator("#registration-status")).to_have_attribute("data-status", "confirmed")
    assert list(Registration.objects.values_list("name", "status")) == [
        ("Ольга Землякова", "confirmed")
    ]
    page.goto(f"/plans/{plan.pk}/gantt/")
    chart = page.locator("svg#gantt")
    expect(chart).to_be_visible()
    expect(chart.locator("rect.bar")).to_have_count(8)
    expect(chart.locator("line.today")).to_have_count(1)
