import pytest
from playwright.sync_api import expect

from tests.events.factories import make_event
from zemlyaki.events.models import Registration


@pytest.mark.django_db(transaction=True)
def test_guest_registers_and_second_guest_waits(page):
    event = make_event("Стратегическая сессия", kind="strategic_session", capacity=1)
    page.goto(f"/events/{event.pk}/preparation/")
    page.fill("#id_name", "Анна Петрова")
    page.fill("#id_email", "anna@example.org")
    page.check("#id_consent")
    page.click("#registration button[type=submit]")
    expect(page.locator("#registration-status")).to_have_attribute("data-status", "confirmed")
    expect(page.locator("figure.qr svg")).to_be_visible()
    page.goto(f"/events/{event.pk}/")
    expect(page.locator("#event-places")).to_contain_text("занято 1 из 1")
    page.fill("#id_name", "Борис")
    page.fill("#id_email", "boris@example.org")
    page.check("#id_consent")
    page.click("#registration button[type=submit]")
    expect(page.locator("#registration-status")).to_have_attribute("data-status", "waitlisted")
    assert list(Registration.objects.order_by("pk").values_list("name", "status")) == [
        ("Анна Петрова", "confirmed"),
        ("Борис", "waitlisted"),
    ]
