"""What the spaces hold about a person (``core.registries.personal_data``): their posts,
reactions, follows and mail settings, found by their login.

Erasure keeps the posts as the body's record of its work, without their author, and
deletes the person's reactions, follows, notices, settings and unsubscribe links."""

from typing import Any

from django.utils.translation import gettext_lazy

from zemlyaki.core.registries import PersonalDataHolder

from .models import Follow, Notice, NotificationSettings, Post, Reaction, UnsubscribeLink


def posts_export(person: Any, user: Any) -> list[dict[str, Any]]:
    if user is None:
        return []
    return [
        {
            "thread": post.thread.title,
            "created_at": post.created_at.isoformat(),
            "text": post.text,
        }
        for post in Post.objects.filter(author=user).select_related("thread").order_by("pk")
    ]


def posts_erase(person: Any, user: Any, actor: Any) -> int:
    if user is None:
        return 0
    changed = Post.objects.filter(author=user).update(author=None)
    for model in (Reaction, Follow, Notice, NotificationSettings, UnsubscribeLink):
        deleted, _rows = model.objects.filter(user=user).delete()
        changed += deleted
    return changed


HOLDERS = [
    PersonalDataHolder(
        "workspace.posts", gettext_lazy("Сообщения в обсуждениях"), posts_export, posts_erase
    )
]
