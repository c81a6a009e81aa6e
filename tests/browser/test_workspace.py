"""A member of the editorial group starts a thread on a strategy section, mentions a
colleague through the autocomplete and attaches a file; the colleague gets the mail
(real SMTP), the fake messenger receives one message, and someone outside the body gets
404 on the thread and the file."""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.strategy.factories import make_user_person, make_world
from tests.support.fake_messenger import fake_bot_api
from zemlyaki.governance.services import member_add
from zemlyaki.workspace.models import Connection, File, Thread
from zemlyaki.workspace.services import space_for_body


@pytest.mark.django_db(transaction=True)
def test_thread_on_section_mention_file_mail_messenger_and_outsider(
    page, login, smtp, settings, tmp_path
):
    world = make_world()
    colleague, colleague_person = make_user_person("colleague", "Коллегова")
    colleague.email = "colleague@example.org"
    colleague.save()
    member_add(actor=None, body=world.editorial, person=colleague_person)
    space = space_for_body(actor=None, body=world.editorial)
    section = world.sections[1]
    attachment = tmp_path / "заметки.txt"
    attachment.write_text("Замечания к разделу о землячествах", encoding="utf-8")

    with fake_bot_api() as bot:
        settings.ZEMLYAKI_TELEGRAM_API_URL = bot.url
        settings.ZEMLYAKI_MESSENGER_TOKENS = {"editorial": "42:token"}
        Connection.objects.create(space=space, chat_id="-42", token_name="editorial", enabled=True)

        login(world.editor)
        page.goto(f"/strategy/sections/{section.pk}/")
        page.get_by_role("link", name="Обсудить в пространстве «Редакционная группа»").click()
        page.fill("#id_title", "Правка раздела 2")
        page.fill("#id_text", "Прошу посмотреть ")
        page.locator("#id_text").press_sequentially("@Колл")
        page.locator("[data-username=colleague]").click()
        expect(page.locator("#id_text")).to_have_value("Прошу посмотреть @colleague ")
        page.set_input_files("#id_upload", str(attachment))
        page.locator("#thread-form button[type=submit]").click()
        page.wait_for_url(re.compile(r"/workspace/threads/\d+/$"))
        expect(page.locator(".post-text .mention")).to_have_text("@colleague")
        expect(page.locator(".attachments a")).to_have_text("заметки.txt")

        thread = Thread.objects.get()
        assert thread.target == section
        file = File.objects.get()
        assert len(smtp) == 1
        assert smtp[0]["To"] == "colleague@example.org"
        assert smtp[0]["Subject"].strip() == "Вас упомянули в\u00a0обсуждении «Правка раздела 2»"
        assert len(bot.received) == 1 and bot.received[0]["chat_id"] == "-42"

        # the thread is shown on the section's page too
        page.goto(f"/strategy/sections/{section.pk}/")
        expect(page.locator("#discussions")).to_contain_text("Правка раздела 2")

    page.context.clear_cookies()
    login(world.outsider)
    for url in (f"/workspace/threads/{thread.pk}/", f"/workspace/files/{file.pk}/"):
        response = page.goto(url)
        assert response is not None and response.status == 404, url
    # The live test server hands out /media/ itself, bypassing the protected view, so the
    # file's own address is asked of the application directly.
    client = Client()
    client.force_login(world.outsider)
    assert client.get(file.current.blob.url).status_code == 404
    client.force_login(colleague)
    assert client.get(file.current.blob.url).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_mention_typed_before_the_script_ran_still_gets_suggestions(page, login):
    """On a slow connection the text field can take typing before the deferred script
    runs; the "@Колл" already typed gets its suggestions once the script arrives."""
    world = make_world()
    colleague, colleague_person = make_user_person("colleague", "Коллегова")
    member_add(actor=None, body=world.editorial, person=colleague_person)
    space = space_for_body(actor=None, body=world.editorial)
    held: list[str] = []

    def hold(route):
        held.append(route.request.url)
        route.fulfill(status=200, content_type="text/javascript", body="")

    page.route("**/workspace/mentions*.js", hold)
    login(world.editor)
    page.goto(f"/workspace/{space.pk}/threads/new/")
    page.locator("#id_text").press_sequentially("Прошу посмотреть @Колл")
    page.wait_for_timeout(300)
    expect(page.locator("[data-username=colleague]")).to_have_count(0)
    assert len(held) == 1

    page.unroute("**/workspace/mentions*.js")
    page.add_script_tag(url=held[0])
    page.locator("[data-username=colleague]").click()
    expect(page.locator("#id_text")).to_have_value("Прошу посмотреть @colleague ")
