"""One visibility rule per model, agreed by the list and the object, for every role."""

import pytest

from tests.support.visibility import assert_agrees
from zemlyaki.governance.services import member_remove
from zemlyaki.workspace import services
from zemlyaki.workspace.models import Audience, File, FileLink, Post, Space, Thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(space, alice, bob, outsider, plain, coordinator, administrator, leader):
    from django.core.files.base import ContentFile

    from zemlyaki.workspace.library import file_link, file_upload

    closed = services.thread_create(actor=alice, space=space, title="Закрытая", text="т")
    signed = services.thread_create(
        actor=alice, space=space, title="Для вошедших", text="т", audience=Audience.SIGNED_IN
    )
    public = services.thread_create(
        actor=alice, space=space, title="Открытая", text="т", audience=Audience.PUBLIC
    )
    other_space = services.space_for_body(
        actor=None, body=outsider.person.body_memberships.get().body
    )
    foreign = services.thread_create(actor=outsider, space=other_space, title="Чужая", text="т")
    mine = file_upload(actor=alice, space=space, upload=ContentFile(b"hello", name="a.txt"))
    file_link(actor=alice, file=mine, target=closed)
    file_upload(actor=outsider, space=other_space, upload=ContentFile(b"hello", name="b.txt"))
    return {"closed": closed, "signed": signed, "public": public, "foreign": foreign}


def test_threads_agree_and_match_the_roles(
    world, alice, bob, outsider, plain, coordinator, administrator, leader
):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    users = [alice, bob, outsider, plain, coordinator, administrator, leader, anonymous]
    seen = assert_agrees(Thread, users)
    ids = {name: t.pk for name, t in world.items()}
    assert seen[alice] == {ids["closed"], ids["signed"], ids["public"]}
    assert seen[outsider] == {ids["foreign"], ids["signed"], ids["public"]}
    assert seen[plain] == seen[administrator] == seen[leader] == {ids["signed"], ids["public"]}
    assert seen[anonymous] == {ids["public"]}
    assert seen[coordinator] == set(ids.values())
    assert_agrees(Post, users)
    assert_agrees(Space, users)
    files = assert_agrees(File, users)
    links = assert_agrees(FileLink, users)
    assert len(links[alice]) == len(links[coordinator]) == 1 and links[outsider] == set()
    assert len(files[alice]) == 1 and len(files[coordinator]) == 2 and files[plain] == set()


def test_removed_member_loses_access_at_once_posts_stay(world, space, bob):
    from zemlyaki.governance.models import BodyMember

    assert Thread.objects.visible_to(bob).filter(pk=world["closed"].pk).exists()
    services.post_create(actor=bob, thread=world["closed"], text="мой вклад")
    member_remove(actor=None, member=BodyMember.objects.get(person__user=bob))
    assert not Thread.objects.visible_to(bob).filter(pk=world["closed"].pk).exists()
    assert not File.objects.visible_to(bob).exists()
    assert not bob.has_perm("workspace.add_post", world["closed"])
    assert Post.objects.filter(author=bob, text="мой вклад").count() == 1
