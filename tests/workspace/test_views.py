"""Pages of the spaces for each role, and the discussions shown on other apps' pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from zemlyaki.workspace import library, services
from zemlyaki.workspace.models import Connection, Post, Thread

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def stuff(space, alice):
    thread = services.thread_create(actor=alice, space=space, title="Т", text="т")
    file = library.file_upload(actor=alice, space=space, upload=SimpleUploadedFile("a.txt", b"hi"))
    return thread, file


def test_pages_per_role(stuff, space, alice, outsider, coordinator):
    thread, file = stuff
    pages = [
        "/workspace/",
        f"/workspace/{space.pk}/",
        f"/workspace/threads/{thread.pk}/",
        f"/workspace/{space.pk}/files/",
        f"/workspace/files/{file.pk}/",
        f"/workspace/{space.pk}/threads/new/",
        f"/workspace/{space.pk}/messenger/",
        f"/workspace/posts/{thread.posts.get().pk}/history/",
        "/workspace/notifications/",
    ]
    expected = {
        alice: [200, 200, 200, 200, 200, 200, 403, 200, 200],
        outsider: [200, 404, 404, 404, 404, 404, 404, 404, 200],
        coordinator: [200, 200, 200, 200, 200, 403, 200, 200, 200],
    }
    for user, statuses in expected.items():
        client = client_for(user)
        assert [client.get(url).status_code for url in pages] == statuses, user
    guest = client_for(None)
    assert guest.get(f"/workspace/threads/{thread.pk}/").status_code == 302


def test_post_reply_quote_and_react_through_pages(stuff, alice, bob):
    thread, file = stuff
    client = client_for(bob)
    first = thread.posts.get()
    page = client.get(f"/workspace/threads/{thread.pk}/?quote={first.pk}")
    assert "&gt; **Иванова Алиса:**" in page.content.decode()
    response = client.post(
        f"/workspace/threads/{thread.pk}/",
        {"text": "> цитата\n\nсогласен, @alice", "quote_of": first.pk, "attachments": [file.pk]},
    )
    assert response.status_code == 302
    reply = Post.objects.get(author=bob)
    assert reply.quote_of == first and list(reply.attachments.all()) == [file]
    client.post(f"/workspace/posts/{first.pk}/react/", {"kind": "agree"})
    page = client.get(f"/workspace/threads/{thread.pk}/").content.decode()
    assert '<span class="mention">@alice</span>' in page
    assert 'aria-pressed="true">согласен · 1' in page


def test_outsider_refused_writes_nothing_changes(stuff, outsider):
    thread, file = stuff
    client = client_for(outsider)
    assert client.post(f"/workspace/threads/{thread.pk}/", {"text": "x"}).status_code == 404
    post = thread.posts.get()
    assert client.post(f"/workspace/posts/{post.pk}/react/", {"kind": "agree"}).status_code == 404
    assert client.post(f"/workspace/posts/{post.pk}/edit/", {"text": "x"}).status_code == 404
    restore = f"/workspace/versions/{file.current_id}/restore/"
    assert client.post(restore).status_code == 404
    assert Post.objects.count() == 1 and post.reactions.count() == 0
    assert file.versions.count() == 1


def test_upload_error_shown_next_to_field(space, alice):
    client = client_for(alice)
    bad = SimpleUploadedFile("x.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    response = client.post(f"/workspace/{space.pk}/files/", {"upload": bad})
    assert response.status_code == 200
    assert "Содержимое файла не соответствует его типу .pdf" in response.content.decode()


def test_members_autocomplete(space, alice, bob, outsider):
    response = client_for(alice).get(f"/workspace/{space.pk}/members.json", {"q": "Бор"})
    assert response.json() == {"members": [{"username": "bob", "name": "Борис Петров"}]}
    assert client_for(outsider).get(f"/workspace/{space.pk}/members.json").status_code == 404


def test_coordinator_connects_messenger_token_not_shown(space, coordinator, settings):
    settings.ZEMLYAKI_MESSENGER_TOKENS = {"editorial": "123:SECRET"}
    client = client_for(coordinator)
    response = client.post(
        f"/workspace/{space.pk}/messenger/",
        {"chat_id": "-100", "token_name": "editorial", "enabled": "on"},
    )
    assert response.status_code == 302
    assert Connection.objects.get().enabled is True
    page = client.get(f"/workspace/{space.pk}/messenger/").content.decode()
    assert "SECRET" not in page and "editorial" in page


def test_panel_on_event_page_shows_attached_threads(space, alice, outsider):
    from tests.events.factories import make_event

    event = make_event()
    services.thread_create(
        actor=alice, space=space, title="О круглом столе", text="т", target=event
    )
    page = client_for(alice).get(f"/events/{event.pk}/").content.decode()
    assert "О круглом столе" in page
    assert f"/workspace/{space.pk}/threads/new/?target=events.event:{event.pk}" in page
    page = client_for(outsider).get(f"/events/{event.pk}/").content.decode()
    assert "О круглом столе" not in page


def test_start_thread_from_object_page_attaches_it(space, alice):
    from tests.plan.factories import make_plan, make_task

    task = make_task(make_plan(), "1.1", "Сбор материалов")
    client = client_for(alice)
    url = f"/workspace/{space.pk}/threads/new/?target=plan.task:{task.pk}"
    assert "Сбор материалов" in client.get(url).content.decode()
    response = client.post(
        url,
        {"title": "Сроки", "text": "т", "audience": "body", "target": f"plan.task:{task.pk}"},
    )
    assert response.status_code == 302
    thread = Thread.objects.get()
    assert thread.target == task


def _thread_page_queries(client, thread, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/workspace/threads/{thread.pk}/").status_code == 200
    return len(captured)


def test_thread_page_queries_do_not_grow_with_posts(
    space, alice, bob, django_assert_max_num_queries
):
    thread = services.thread_create(actor=alice, space=space, title="Т", text="т @bob")
    client = client_for(bob)
    small = _thread_page_queries(client, thread, django_assert_max_num_queries)
    for n in range(6):
        post = services.post_create(
            actor=alice if n % 2 else bob, thread=thread, text=f"@alice {n}"
        )
        services.reaction_toggle(actor=bob, post=post, kind="agree")
    assert _thread_page_queries(client, thread, django_assert_max_num_queries) == small


def test_space_and_file_lists_queries_do_not_grow(space, alice):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(alice)

    def count(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    services.thread_create(actor=alice, space=space, title="Т0", text="т")
    library.file_upload(
        actor=alice, space=space, upload=SimpleUploadedFile("0.txt", b"hello world")
    )
    # The first request of a process fills caches (content types and the like) once.
    count(f"/workspace/{space.pk}/"), count(f"/workspace/{space.pk}/files/")
    before = (count(f"/workspace/{space.pk}/"), count(f"/workspace/{space.pk}/files/"))
    for n in range(1, 6):
        services.thread_create(actor=alice, space=space, title=f"Т{n}", text="т")
        library.file_upload(
            actor=alice, space=space, upload=SimpleUploadedFile(f"{n}.txt", b"hello world")
        )
    assert (count(f"/workspace/{space.pk}/"), count(f"/workspace/{space.pk}/files/")) == before


def test_file_linked_to_an_event_shows_on_its_page_to_readers(space, alice, outsider):
    from tests.events.factories import make_event

    event = make_event()
    file = library.file_upload(
        actor=alice, space=space, upload=SimpleUploadedFile("agenda.txt", b"hello world"),
        title="Материалы к заседанию",
    )  # fmt: skip
    client = client_for(alice)
    assert f"events.event:{event.pk}" in client.get(f"/workspace/files/{file.pk}/").content.decode()
    response = client.post(
        f"/workspace/files/{file.pk}/link/", {"target": f"events.event:{event.pk}"}
    )
    assert response.status_code == 302
    assert [link.target for link in file.links.all()] == [event]
    assert "Материалы к заседанию" in client.get(f"/events/{event.pk}/").content.decode()
    assert (
        "Материалы к заседанию"
        not in client_for(outsider).get(f"/events/{event.pk}/").content.decode()
    )
    refused = client_for(outsider).post(
        f"/workspace/files/{file.pk}/link/", {"target": f"events.event:{event.pk}"}
    )
    assert refused.status_code == 404 and file.links.count() == 1


def test_event_space_opened_by_a_member_from_the_event_page(space, body, alice, bob, outsider):
    from tests.events.factories import make_event
    from zemlyaki.workspace.models import Space

    event = make_event()
    client = client_for(alice)
    page = client.get(f"/events/{event.pk}/").content.decode()
    assert "Открыть пространство для этого объекта (орган «Редакционная группа»)" in page
    refused = client_for(outsider).post(
        "/workspace/open/", {"target": f"events.event:{event.pk}", "body": body.pk}
    )
    assert refused.status_code == 403
    assert Space.objects.count() == 1
    response = client.post(
        "/workspace/open/", {"target": f"events.event:{event.pk}", "body": body.pk}
    )
    opened = Space.objects.get(target_id=event.pk)
    assert response.status_code == 302 and response["Location"] == f"/workspace/{opened.pk}/"
    assert opened.body == body and opened.target == event and opened.title == str(event)
    # members of the body write there; the event's page links to it for them only
    thread = services.thread_create(actor=bob, space=opened, title="Подготовка", text="т")
    assert thread.space == opened
    assert f"/workspace/{opened.pk}/" in client.get(f"/events/{event.pk}/").content.decode()
    assert (
        f"/workspace/{opened.pk}/"
        not in client_for(outsider).get(f"/events/{event.pk}/").content.decode()
    )
    client.post("/workspace/open/", {"target": f"events.event:{event.pk}", "body": body.pk})
    assert Space.objects.count() == 2


def test_program_page_offers_its_space(space, body, alice):
    from tests.programs.factories import make_program

    program = make_program()
    page = client_for(alice).get(f"/programs/{program.pk}/").content.decode()
    assert "Открыть пространство для этого объекта (орган «Редакционная группа»)" in page
    assert f'value="programs.program:{program.pk}"' in page


def test_materials_of_owned_sections_appear_in_the_body_space(space, body, alice, outsider):
    from tests.strategy.factories import make_world
    from zemlyaki.strategy import services as strategy_services
    from zemlyaki.workspace.services import space_for_body

    world = make_world()
    section = world.sections[2]
    strategy_services.section_update_settings(actor=None, section=section, owner_body=body)
    # a file of another body's space, linked to the section our body owns
    other = space_for_body(actor=None, body=outsider.person.body_memberships.get().body)
    linked = library.file_upload(
        actor=outsider, space=other, upload=SimpleUploadedFile("n.txt", b"hello world"),
        title="Справка к разделу",
    )  # fmt: skip
    library.file_link(actor=outsider, file=linked, target=section)
    mine = library.file_upload(
        actor=alice, space=space, upload=SimpleUploadedFile("m.txt", b"hello world"),
        title="Наш черновик",
    )  # fmt: skip
    library.file_link(actor=alice, file=mine, target=section)
    page = client_for(alice).get(f"/workspace/{space.pk}/files/").content.decode()
    materials = page.split('id="materials"')[1].split("</ul>")[0]
    assert "Наш черновик" in materials
    assert "Справка к разделу" not in materials  # alice may not read the other space's file
    page = client_for(outsider).get(f"/workspace/{other.pk}/files/").content.decode()
    assert 'id="materials"' not in page  # the other body owns no section


def _stored_files():
    from pathlib import Path

    from zemlyaki.workspace.models import FileVersion

    root = Path(FileVersion._meta.get_field("blob").storage.location)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.mark.parametrize("where", ["thread", "reply"])
def test_a_refused_message_leaves_no_uploaded_file_behind(space, alice, where):
    """The file is written before the message is refused (too long): the rows roll back,
    and the written file must go with them."""
    from zemlyaki.workspace.models import File, FileVersion

    thread = services.thread_create(actor=alice, space=space, title="Т", text="т")
    before = (_stored_files(), Post.objects.count(), File.objects.count())
    data = {"text": "ж" * 20_001, "upload": SimpleUploadedFile("план.txt", "план".encode())}
    if where == "thread":
        url = f"/workspace/{space.pk}/threads/new/"
        data |= {"title": "Сроки", "audience": "body"}
    else:
        url = f"/workspace/threads/{thread.pk}/"
    response = client_for(alice).post(url, data)
    assert response.status_code == 200
    assert "Сообщение длиннее 20 000 знаков." in response.content.decode()
    assert (_stored_files(), Post.objects.count(), File.objects.count()) == before
    assert FileVersion.objects.count() == 0
