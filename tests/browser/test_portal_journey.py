"""The public site on a phone: home → a region on the map → an association → a news item →
an event into the calendar → a question; the coordinator passes it to an expert, the expert
answers through the link in the mail, and the asker gets the answer by mail (real SMTP).
No request of the visitor's browser leaves the site's host."""

import datetime
import re
from pathlib import Path
from urllib.parse import urlsplit

import icalendar
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.accounts.factories import UserFactory
from tests.people.factories import make_person
from tests.registry.factories import make_association

PHONE = {"width": 375, "height": 740}
ANSWER_LINK = re.compile(r"https?://\S+(/help/answer/[\w-]+/)")


@pytest.mark.django_db(transaction=True)
def test_a_visitor_on_a_phone_reads_the_site_and_gets_an_answer(browser, site, smtp, settings):
    from zemlyaki.events.models import Event
    from zemlyaki.portal.models import EventPlace, Question
    from zemlyaki.portal.services import news_create, publication_save

    settings.ZEMLYAKI_SITE_URL = site.url
    coordinator = UserFactory(role="coordinator", username="coord-portal")
    tambov = make_association("Тамбовское землячество", ["68"], slug="tambov")
    publication_save(actor=coordinator, association=tambov, leader_contact="Председатель (демо)")
    news = news_create(
        actor=coordinator, association=tambov, title="Дни Тамбовской области в Москве",
        lead="Концерт и ярмарка.", body="<p>Приходите всей семьёй.</p>", status="published",
    )  # fmt: skip
    forum = Event.objects.create(
        kind="other", title="Форум тамбовских земляков", place="Москва",
        starts_at=timezone.now() + datetime.timedelta(days=10), is_public=True,
    )  # fmt: skip
    EventPlace.objects.create(event=forum, association=tambov).regions.set(tambov.regions.all())
    make_person("Юристов", "Пётр", "", email="expert@example.org", show_as_expert=True)

    context = browser.new_context(
        locale="ru-RU", base_url=site.url, viewport=PHONE, is_mobile=True, has_touch=True,
        accept_downloads=True,
    )  # fmt: skip
    context.set_default_timeout(15_000)
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    try:
        page.goto("/")
        expect(page.locator("#movement-title")).to_be_visible()
        page.get_by_role("link", name="Карта землячеств").tap()
        expect(page.locator("h1")).to_have_text("Карта землячеств")
        page.locator('.tilemap a[href="/regions/68/"]').tap()
        expect(page.locator("h1")).to_have_text("Тамбовская область")
        page.get_by_role("link", name="Тамбовское землячество").first.tap()
        expect(page.locator("h1")).to_contain_text("Тамбовское землячество")
        expect(page.locator("main")).to_contain_text("Председатель (демо)")
        page.get_by_role("link", name=news.title).tap()
        expect(page.locator("h1")).to_have_text(news.title)
        expect(page.locator(".news-body")).to_have_text("Приходите всей семьёй.")
        page.go_back()
        with page.expect_download() as download:
            page.get_by_role("link", name="Добавить «Форум тамбовских земляков» в календарь").tap()
        calendar = icalendar.Calendar.from_ical(Path(download.value.path()).read_bytes())
        titles = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
        assert titles == ["Форум тамбовских земляков"]

        page.goto("/help/")
        page.fill("#id_name", "Анна")
        page.fill("#id_email", "anna@example.org")
        page.fill("#id_text", "Как наше землячество может помочь родной области?")
        page.check("#id_publish_consent")
        page.get_by_role("button", name="Отправить вопрос").tap()
        expect(page.locator("h1")).to_have_text("Спасибо, вопрос принят")
        question = Question.objects.get()
        assert (question.name, question.publish_consent) == ("Анна", True)
    finally:
        context.close()
    hosts = {urlsplit(url).netloc for url in requested if not url.startswith(("data:", "blob:"))}
    assert hosts == {urlsplit(site.url).netloc}, hosts

    # The coordinator passes the question to the expert.
    staff = browser.new_context(locale="ru-RU", base_url=site.url, viewport=PHONE)
    staff.set_default_timeout(15_000)
    desk = staff.new_page()
    try:
        from tests.accounts.factories import PASSWORD

        desk.goto("/accounts/login/")
        desk.fill("#id_username", coordinator.username)
        desk.fill("#id_password", PASSWORD)
        desk.click("main button[type=submit]")
        desk.wait_for_url(lambda url: "/accounts/login/" not in url)
        desk.goto("/help/questions/")
        desk.get_by_role("link", name=re.compile("Как наше землячество")).click()
        desk.select_option("#id_expert", label="Юристов Пётр")
        desk.get_by_role("button", name="Передать").click()
        expect(desk.locator(".messages")).to_contain_text("Вопрос передан эксперту")
    finally:
        staff.close()
    assert [m["X-Envelope-To"] for m in smtp] == ["expert@example.org"]
    path = ANSWER_LINK.search(smtp[0].get_content()).group(1)

    expert = browser.new_context(locale="ru-RU", base_url=site.url, viewport=PHONE)
    expert.set_default_timeout(15_000)
    answer = expert.new_page()
    try:
        answer.goto(path)
        answer.fill("#id_answer", "Возьмите шефство над школой в родном районе.")
        answer.get_by_role("button", name="Отправить ответ").click()
        expect(answer.locator(".messages")).to_contain_text("Ответ отправлен автору вопроса")
    finally:
        expert.close()
    assert [m["X-Envelope-To"] for m in smtp] == ["expert@example.org", "anna@example.org"]
    assert "Возьмите шефство над\u00a0школой в\u00a0родном районе." in smtp[1].get_content()
