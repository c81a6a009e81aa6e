"""A real person gets a login linked to their card, in Chromium: the leader invites from
the card, the letter arrives through a real SMTP server, the invitee sets a password,
lands on «Мой профиль» and, as a member of the expert council, does what the council's
power allows on a strategy section under review. Then «Мои данные»: download and erasure
request, carried out by the coordinator."""

import json
import re

import pytest
from playwright.sync_api import expect

from tests.accounts.factories import PASSWORD, UserFactory
from tests.people.factories import make_person
from tests.registry.factories import make_association
from tests.strategy.factories import make_world, write

LINK = re.compile(r"(https?://\S+/people/invitation/[\w-]+/)")


@pytest.mark.django_db(transaction=True)
def test_leader_invites_and_the_expert_acts_through_the_council(
    page, login, browser, site, smtp, settings
):
    from zemlyaki.governance.services import member_add
    from zemlyaki.people.models import Person
    from zemlyaki.registry.services import association_add_leader
    from zemlyaki.strategy import services as strategy
    from zemlyaki.strategy.models import Comment, Position

    settings.ZEMLYAKI_SITE_URL = ""  # the link is built from the address the leader used
    coordinator = UserFactory(role="coordinator", username="coord-journey")
    world = make_world(coordinator)
    section = world.section
    write(section, world.owner, "Землячества помогают родным краям.")
    strategy.section_transition(actor=world.manager, section=section, to="review")

    association = make_association("Тамбовское землячество", ["68"])
    leader = UserFactory(role="leader", username="lead-journey")
    association_add_leader(actor=None, association=association, user=leader)
    person = make_person("Новикова", "Анна", "", association=association, email="anna@example.org")
    member_add(actor=None, body=world.council, person=person)

    login(leader)
    page.goto(f"/people/{person.pk}/")
    page.click("#invite-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("Приглашение отправлено на anna@example.org")
    expect(page.locator("#invitation-pending")).to_contain_text("anna@example.org")

    assert [m["X-Envelope-To"] for m in smtp] == ["anna@example.org"]
    link = LINK.search(smtp[0].get_content()).group(1)
    assert link.startswith(site.url + "/people/invitation/")

    invitee_context = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    invitee_context.set_default_timeout(15_000)
    invitee = invitee_context.new_page()
    try:
        invitee.goto(link)
        expect(invitee.locator("h1")).to_have_text("Приглашение на платформу")
        expect(invitee.locator("#id_username")).to_have_value("anna@example.org")
        invitee.fill("#id_username", "anna")
        invitee.fill("#id_password1", PASSWORD)
        invitee.fill("#id_password2", PASSWORD)
        invitee.click("#accept-form button[type=submit]")
        expect(invitee.locator(".messages")).to_contain_text("профиль участника связан")
        expect(invitee.locator("h1")).to_have_text("Новикова Анна")
        assert invitee.url == f"{site.url}/people/{person.pk}/"
        assert Person.objects.get(pk=person.pk).user.username == "anna"

        # The council's power: record a position and remark on the section under review.
        invitee.goto(f"{site.url}/strategy/sections/{section.pk}/")
        invitee.check("input[name=stance][value=agree_remarks]")
        invitee.fill("#review textarea[name=text]", "Добавить раздел о молодёжи.")
        invitee.click("#review button[type=submit]")
        expect(invitee.locator("#review")).to_contain_text("Новикова Анна — согласен с замечаниями")
        invitee.click("#comments > details > summary")
        invitee.fill("#comments > details textarea[name=text]", "Уточнить сроки по разделу.")
        invitee.click("#comments > details button[type=submit]")
        expect(invitee.locator(".messages")).to_contain_text("Замечание добавлено.")
        user = Person.objects.get(pk=person.pk).user
        assert Position.objects.get(person=person).stance == "agree_remarks"
        assert Comment.objects.get(author=user).text == "Уточнить сроки по разделу."

        # A spent link no longer works.
        invitee.goto(link)
        expect(invitee.locator("h1")).to_have_text("Приглашение не действует")
    finally:
        invitee_context.close()


@pytest.mark.django_db(transaction=True)
def test_member_downloads_data_asks_for_erasure_and_coordinator_carries_it_out(
    page, login, browser, site, smtp
):
    from zemlyaki.core.models import AuditEntry
    from zemlyaki.people.models import ErasureRequest, Person
    from zemlyaki.people.services import person_link_user

    member = UserFactory(role="member", username="olga-journey", email="olga@example.org")
    person = make_person("Землякова", "Ольга", "", email="olga@example.org")
    person_link_user(actor=None, person=person, user=member)
    coordinator = UserFactory(role="coordinator", username="coord-erase")

    login(member)
    page.goto("/people/me/data/")
    with page.expect_download() as download_info:
        page.click("#download-json")
    data = json.loads(download_info.value.path().read_text(encoding="utf-8"))
    assert (data["last_name"], data["email"]) == ("Землякова", "olga@example.org")
    page.check("#id_confirm")
    page.click("#erasure-form button[type=submit]")
    expect(page.locator("#erasure-pending")).to_contain_text("ждёт решения координатора")
    erasure = ErasureRequest.objects.get()

    coordinator_context = browser.new_context(locale="ru-RU", base_url=site.url)
    coordinator_context.set_default_timeout(15_000)
    desk = coordinator_context.new_page()
    try:
        desk.goto("/accounts/login/")
        desk.fill("#id_username", coordinator.username)
        desk.fill("#id_password", PASSWORD)
        desk.click("main button[type=submit]")
        desk.wait_for_url(lambda url: "/accounts/login/" not in url)
        desk.goto("/people/erasure-requests/")
        row = desk.locator(f"#erasure-{erasure.pk}")
        expect(row).to_contain_text(erasure.due_on.strftime("%d.%m.%Y"))
        desk.once("dialog", lambda dialog: dialog.accept())
        row.locator("form.carry-out button").click()
        expect(desk.locator(".messages")).to_contain_text(
            f"Данные удалены по запросу № {erasure.pk}"
        )
    finally:
        coordinator_context.close()

    person.refresh_from_db()
    assert person.erased_at is not None and person.last_name == "" and person.email == ""
    assert AuditEntry.objects.get(object_type="people.person", action="delete").actor == coordinator
    assert [m["X-Envelope-To"] for m in smtp] == [coordinator.email, "olga@example.org"]
    assert smtp[1]["Subject"].strip() == "Ваши персональные данные удалены"
    assert not Person.objects.filter(user__username="olga-journey").exists()
