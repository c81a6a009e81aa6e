import pytest

from zemlyaki.core.errors import Forbidden, Invalid
from zemlyaki.core.models import AuditEntry
from zemlyaki.workspace import services
from zemlyaki.workspace.models import (
    Notice,
    NoticeKind,
    Post,
    PostRevision,
    Reaction,
    Thread,
)

pytestmark = pytest.mark.django_db


def test_thread_with_mention_notices_and_follow(space, alice, bob, outsider):
    thread = services.thread_create(
        actor=alice, space=space, title="Раздел 2", text="Посмотри, @bob, и @outsider тоже"
    )
    post = thread.posts.get()
    assert [u.username for u in post.mentions.all()] == ["bob"]  # only members are mentioned
    assert list(Notice.objects.values_list("user__username", "kind")) == [
        ("bob", NoticeKind.MENTION)
    ]
    assert list(thread.follows.values_list("user__username", flat=True)) == ["alice"]
    assert AuditEntry.objects.filter(object_repr__in=["Раздел 2"]).count() >= 1


def test_reply_notifies_followers_but_not_author(space, alice, bob):
    thread = services.thread_create(actor=alice, space=space, title="Т", text="начало")
    Notice.objects.all().delete()
    services.post_create(actor=bob, thread=thread, text="ответ")
    assert list(Notice.objects.values_list("user__username", "kind")) == [
        ("alice", NoticeKind.REPLY)
    ]


def test_outsider_cannot_post_and_nothing_changes(space, alice, outsider, coordinator):
    thread = services.thread_create(actor=alice, space=space, title="Т", text="начало")
    for user in (outsider, coordinator):
        with pytest.raises(Forbidden):
            services.post_create(actor=user, thread=thread, text="чужое")
        with pytest.raises(Forbidden):
            services.thread_create(actor=user, space=space, title="x", text="y")
    assert Post.objects.count() == 1
    assert Thread.objects.count() == 1


def test_empty_text_refused(space, alice):
    with pytest.raises(Invalid) as error:
        services.thread_create(actor=alice, space=space, title="", text="")
    assert error.value.field_errors == {"title": ["Укажите тему."]}
    assert Thread.objects.count() == 0


def test_edit_keeps_history_and_only_author_edits(space, alice, bob):
    thread = services.thread_create(actor=alice, space=space, title="Т", text="первый")
    post = thread.posts.get()
    services.post_edit(actor=alice, post=post, text="второй")
    services.post_edit(actor=alice, post=post, text="третий")
    assert list(PostRevision.objects.values_list("text", flat=True)) == ["первый", "второй"]
    post.refresh_from_db()
    assert post.text == "третий" and post.edited_at is not None
    with pytest.raises(Forbidden):
        services.post_edit(actor=bob, post=post, text="чужая правка")
    post.refresh_from_db()
    assert post.text == "третий"


def test_reactions_toggle_and_limited_kinds(space, alice, bob):
    thread = services.thread_create(actor=alice, space=space, title="Т", text="первый")
    post = thread.posts.get()
    assert services.reaction_toggle(actor=bob, post=post, kind="agree") is True
    assert services.reaction_toggle(actor=bob, post=post, kind="question") is True
    assert services.reaction_toggle(actor=bob, post=post, kind="agree") is False
    with pytest.raises(Invalid):
        services.reaction_toggle(actor=bob, post=post, kind="like")
    assert list(Reaction.objects.values_list("kind", flat=True)) == ["question"]


def test_quote_must_be_from_same_thread(space, alice):
    one = services.thread_create(actor=alice, space=space, title="1", text="a")
    two = services.thread_create(actor=alice, space=space, title="2", text="b")
    with pytest.raises(Invalid):
        services.post_create(actor=alice, thread=two, text="c", quote_of=one.posts.get())
    quoted = services.post_create(actor=alice, thread=one, text="c", quote_of=one.posts.first())
    assert quoted.quote_of == one.posts.first()


def test_markdown_is_sanitised_and_mentions_marked(space, alice, bob):
    from zemlyaki.workspace.markup import render_post

    html = render_post("**да** <script>alert(1)</script> [x](javascript:alert(1)) @bob", ["bob"])
    assert "<strong>да</strong>" in html
    assert "<script" not in html and "&lt;script&gt;" in html
    assert 'href="javascript' not in html
    assert '<span class="mention">@bob</span>' in html


def test_personal_data_export_and_erase_keep_posts_without_author(space, alice, bob):
    from zemlyaki.workspace.models import Follow, NotificationSettings
    from zemlyaki.workspace.personal_data import posts_erase, posts_export

    thread = services.thread_create(actor=alice, space=space, title="Т", text="мой текст")
    services.reaction_toggle(actor=alice, post=thread.posts.get(), kind="agree")
    NotificationSettings.objects.create(user=alice, mode="digest")
    exported = posts_export(alice.person, alice)
    assert [(r["thread"], r["text"]) for r in exported] == [("Т", "мой текст")]
    assert posts_export(alice.person, None) == []
    assert posts_erase(alice.person, alice, None) == 4  # post, reaction, follow, settings
    post = Post.objects.get()
    assert post.author is None and post.text == "мой текст"
    assert not Follow.objects.filter(user=alice).exists()
