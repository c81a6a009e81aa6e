"""The role × endpoint matrix of the spaces' API: spaces, threads, posts and files."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.support.audit import row_counts
from zemlyaki.workspace import library, services
from zemlyaki.workspace.models import File, FileVersion, Post, Thread

pytestmark = pytest.mark.django_db

# role → expected status of each endpoint on a body-only thread of the editorial group
MATRIX = {
    #              GET thr POST thr GET posts POST post GET files POST file GET vers POST vers
    "anonymous":   (404,   401,     404,      401,      401,      401,      401,     401),
    "member":      (200,   201,     200,      201,      200,      201,      200,     201),
    "outsider":    (404,   404,     404,      404,      404,      404,      404,     404),
    "signed_in":   (404,   404,     404,      404,      404,      404,      404,     404),
    "coordinator": (200,   403,     200,      403,      200,      403,      200,     403),
    "administrator": (404, 404,     404,      404,      404,      404,      404,     404),
}  # fmt: skip


# the tables a refused write leaves as they were
COUNTED = (Thread, Post, File, FileVersion)


@pytest.mark.parametrize("role", list(MATRIX))
def test_role_endpoint_matrix(
    role, api, token_for, space, alice, outsider, plain, coordinator, administrator
):
    thread = services.thread_create(actor=alice, space=space, title="Т", text="т")
    file = library.file_upload(
        actor=alice, space=space, upload=SimpleUploadedFile("a.txt", b"hello")
    )
    user = {"anonymous": None, "member": alice, "outsider": outsider, "signed_in": plain,
            "coordinator": coordinator, "administrator": administrator}[role]  # fmt: skip
    token = token_for(user) if user else None
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}

    def multipart(path, name):
        upload = SimpleUploadedFile(name, b"new content")
        return api.client.post(f"/api/v1{path}", {"file": upload, "note": "n"}, **headers)

    before = row_counts(*COUNTED)
    got = (
        api.get(f"/spaces/{space.pk}/threads", token=token).status_code,
        api.post(f"/spaces/{space.pk}/threads", {"title": "Новая", "text": "@alice т"}, token=token).status_code,
        api.get(f"/threads/{thread.pk}/posts", token=token).status_code,
        api.post(f"/threads/{thread.pk}/posts", {"text": "ответ"}, token=token).status_code,
        api.get(f"/spaces/{space.pk}/files", token=token).status_code,
        multipart(f"/spaces/{space.pk}/files", "b.txt").status_code,
        api.get(f"/files/{file.pk}/versions", token=token).status_code,
        multipart(f"/files/{file.pk}/versions", "a.txt").status_code,
    )  # fmt: skip
    assert got == MATRIX[role]
    if role != "member":
        assert row_counts(*COUNTED) == before  # a refusal changes nothing
    else:
        assert row_counts(*COUNTED) == (before[0] + 1, before[1] + 2, before[2] + 1, before[3] + 2)


def test_public_thread_readable_by_guests_but_not_writable(api, token_for, space, alice, plain):
    thread = services.thread_create(
        actor=alice, space=space, title="Открытая", text="**т**", audience="public"
    )
    response = api.get(f"/threads/{thread.pk}/posts")
    assert response.status_code == 200
    item = response.json()["items"][0]
    assert item["text"] == "**т**" and "<strong>т</strong>" in item["html"]
    listed = api.get(f"/spaces/{space.pk}/threads").json()
    assert [t["title"] for t in listed["items"]] == ["Открытая"]
    response = api.post(f"/threads/{thread.pk}/posts", {"text": "x"}, token=token_for(plain))
    assert response.status_code == 403
    assert thread.posts.count() == 1


def test_thread_with_target_and_bad_input(api, token_for, space, alice):
    from tests.events.factories import make_event

    event = make_event()
    token = token_for(alice)
    response = api.post(
        f"/spaces/{space.pk}/threads",
        {"title": "О мероприятии", "text": "т", "target": f"events.event:{event.pk}"},
        token=token,
    )
    assert response.status_code == 201
    assert response.json()["target"] == f"events.event:{event.pk}"
    response = api.post(f"/spaces/{space.pk}/threads", {"title": "", "text": "т"}, token=token)
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "title"
    response = api.post(
        f"/spaces/{space.pk}/threads",
        {"title": "x", "text": "т", "target": "auth.user:1"},
        token=token,
    )
    assert response.status_code == 422
    assert Thread.objects.count() == 1


def test_file_api_refuses_mismatched_content(api, token_for, space, alice):
    upload = SimpleUploadedFile("report.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    response = api.client.post(
        f"/api/v1/spaces/{space.pk}/files",
        {"file": upload},
        HTTP_AUTHORIZATION=f"Bearer {token_for(alice)}",
    )
    assert response.status_code == 422
    assert File.objects.count() == 0


def test_target_is_found_only_for_those_who_may_read_it(space, alice, plain):
    from django.contrib.auth.models import AnonymousUser

    from tests.strategy.factories import make_world
    from zemlyaki.workspace.selectors import parse_target

    section = make_world().sections[0]
    value = f"strategy.section:{section.pk}"
    assert not plain.has_perm("strategy.view_section", section)
    assert parse_target(value, plain) is None
    assert parse_target(value, AnonymousUser()) is None
    assert parse_target(value, alice) == section
    assert parse_target("strategy.section:99999999999999999999", alice) is None
    assert parse_target("auth.user:1", alice) is None
