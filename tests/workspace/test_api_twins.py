"""The API operations that do what the space pages do: the same services, rights, audit
records and refusals."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.support.audit import last_audit
from zemlyaki.workspace import library, services
from zemlyaki.workspace.models import (
    Connection,
    FileLink,
    FileVersion,
    Folder,
    NotificationSettings,
    Post,
    Reaction,
    Thread,
)

pytestmark = pytest.mark.django_db


def test_thread_audience_post_edit_and_reaction(api, token_for, space, alice, bob, outsider):
    thread = services.thread_create(actor=alice, space=space, title="План", text="Первое")
    post = thread.posts.get()
    assert (
        api.patch(f"/threads/{thread.pk}", {"audience": "public"}, token_for(outsider)).status_code
        == 404
    )
    bad = api.patch(f"/threads/{thread.pk}", {"audience": "all"}, token_for(alice))
    assert [(d["field"], d["msg"]) for d in bad.json()["detail"]] == [
        ("audience", "Неизвестный круг читателей.")
    ]
    assert Thread.objects.get().audience == "body"
    opened = api.patch(f"/threads/{thread.pk}", {"audience": "signed_in"}, token_for(alice))
    assert (opened.status_code, opened.json()["audience"]) == (200, "signed_in")

    assert api.patch(f"/posts/{post.pk}", {"text": "Чужое"}, token_for(bob)).status_code == 403
    assert Post.objects.get().text == "Первое"
    edited = api.patch(f"/posts/{post.pk}", {"text": "Исправленное"}, token_for(alice))
    assert (edited.status_code, edited.json()["text"]) == (200, "Исправленное")
    assert edited.json()["edited_at"] is not None

    wrong = api.post(f"/posts/{post.pk}/reactions", {"kind": "heart"}, token_for(bob))
    assert wrong.status_code == 422 and wrong.json()["detail"][0]["field"] == "kind"
    assert Reaction.objects.count() == 0
    kind = Reaction._meta.get_field("kind").choices[0][0]
    liked = api.post(f"/posts/{post.pk}/reactions", {"kind": kind}, token_for(bob))
    assert (liked.json()["set"], liked.json()["post"]["reactions"]) == (True, {kind: 1})
    undone = api.post(f"/posts/{post.pk}/reactions", {"kind": kind}, token_for(bob))
    assert (undone.json()["set"], undone.json()["post"]["reactions"]) == (False, {})


def test_folders_links_and_version_restore(api, token_for, space, alice, coordinator):
    assert (
        api.post(
            f"/spaces/{space.pk}/folders", {"name": "Протоколы"}, token_for(coordinator)
        ).status_code
        == 403
    )
    assert Folder.objects.count() == 0
    made = api.post(f"/spaces/{space.pk}/folders", {"name": "Протоколы"}, token_for(alice))
    assert (made.status_code, made.json()["name"]) == (201, "Протоколы")
    empty = api.post(f"/spaces/{space.pk}/folders", {"name": " "}, token_for(alice))
    assert empty.status_code == 422 and empty.json()["detail"][0]["field"] == "name"

    file = library.file_upload(
        actor=alice, space=space, upload=SimpleUploadedFile("plan.txt", b"first")
    )
    library.version_upload(actor=alice, file=file, upload=SimpleUploadedFile("plan.txt", b"two"))
    first = FileVersion.objects.get(file=file, number=1)
    assert (
        api.post(f"/versions/{first.pk}/restore", None, token_for(coordinator)).status_code == 403
    )
    restored = api.post(f"/versions/{first.pk}/restore", None, token_for(alice))
    assert (restored.status_code, restored.json()["number"]) == (201, 3)
    assert restored.json()["restored_from"] == first.pk
    assert last_audit(FileVersion) == ("create", "alice")

    bad = api.post(f"/files/{file.pk}/links", {"target": "events.event:999"}, token_for(alice))
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "target"
    from tests.events.factories import make_event

    event = make_event()
    linked = api.post(
        f"/files/{file.pk}/links", {"target": f"events.event:{event.pk}"}, token_for(alice)
    )
    assert linked.status_code == 200
    assert FileLink.objects.get().target == event


def test_connection_and_mail_settings(api, token_for, space, alice, coordinator, settings):
    settings.ZEMLYAKI_MESSENGER_TOKENS = {"editorial": "123:SECRET"}
    body = {"chat_id": "-100", "token_name": "editorial", "enabled": True}
    path = f"/spaces/{space.pk}/connection"
    assert api.put(path, body, token_for(alice)).status_code == 403
    unknown = api.put(path, {**body, "token_name": "other"}, token_for(coordinator))
    assert [(d["field"], d["msg"]) for d in unknown.json()["detail"]] == [
        ("token_name", "Нет такого секрета в настройке ZEMLYAKI_MESSENGER_TOKENS.")
    ]
    assert Connection.objects.count() == 0
    saved = api.put(path, body, token_for(coordinator))
    assert saved.status_code == 200
    assert saved.json() == {
        "space": space.pk,
        "adapter": "telegram",
        "chat_id": "-100",
        "token_name": "editorial",
        "enabled": True,
    }
    assert "SECRET" not in saved.content.decode()
    assert last_audit(Connection) == ("create", "coord")

    assert api.put("/me/notifications", {"mode": "never"}, token_for(alice)).status_code == 422
    assert NotificationSettings.objects.count() == 0
    mode = api.put("/me/notifications", {"mode": "digest"}, token_for(alice))
    assert (mode.status_code, mode.json()) == (200, {"mode": "digest"})
    assert NotificationSettings.objects.get(user=alice).mode == "digest"


def test_space_of_an_event_opened_by_a_body_member(api, token_for, body, alice, outsider):
    from tests.events.factories import make_event

    event = make_event()
    target = f"events.event:{event.pk}"
    assert (
        api.post(
            "/spaces/open", {"body": body.pk, "target": target}, token_for(outsider)
        ).status_code
        == 403
    )
    missing = api.post("/spaces/open", {"body": 99999, "target": target}, token_for(alice))
    assert missing.status_code == 422 and missing.json()["detail"][0]["field"] == "body"
    opened = api.post("/spaces/open", {"body": body.pk, "target": target}, token_for(alice))
    assert opened.status_code == 200
    again = api.post("/spaces/open", {"body": body.pk, "target": target}, token_for(alice))
    assert again.json()["id"] == opened.json()["id"]
