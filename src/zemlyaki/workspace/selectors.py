"""Reads of the spaces: lists filtered through each model's ``visible_to(user)``."""

from collections import Counter
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet

from zemlyaki.core.registries import linkable_object, linkables
from zemlyaki.core.text import search_q

from .access import body_member_users, member_body_ids
from .markup import render_post
from .models import File, FileLink, Folder, Post, Space, Thread


def spaces_for(user: Any) -> QuerySet[Space]:
    return (
        Space.objects.visible_to(user)
        .select_related("body")
        .annotate(thread_count=Count("threads", distinct=True))
    )


def member_spaces(user: Any) -> QuerySet[Space]:
    """The spaces where the user may start a thread."""
    return Space.objects.filter(body_id__in=member_body_ids(user)).order_by("title")


def threads_in(space: Space, user: Any) -> QuerySet[Thread]:
    return (
        Thread.objects.visible_to(user)
        .filter(space=space)
        .select_related("created_by", "target_type")
        .annotate(post_count=Count("posts"))
        .order_by("-last_post_at", "-pk")
    )


def threads_about(obj: Any, user: Any) -> QuerySet[Thread]:
    kind = ContentType.objects.get_for_model(obj)
    return (
        Thread.objects.visible_to(user)
        .filter(target_type=kind, target_id=obj.pk)
        .select_related("space")
        .annotate(post_count=Count("posts"))
    )


def files_about(obj: Any, user: Any) -> QuerySet[FileLink]:
    kind = ContentType.objects.get_for_model(obj)
    return (
        FileLink.objects.visible_to(user)
        .filter(target_type=kind, target_id=obj.pk)
        .select_related("file__space")
        .order_by("file__title")
    )


def owned_materials(space: Space, user: Any) -> QuerySet[FileLink]:
    """Files linked to the objects this space looks after: the strategy sections its body
    owns (read through the linkables registry) and, for an event's or a program's space,
    that object. Each shown only to readers of the file."""
    condition = Q(pk__in=[])
    sections = linkables.get("strategy.section")
    if sections is not None and space.target_type_id is None:
        section_kind = ContentType.objects.get_by_natural_key("strategy", "section")
        owned = sections.objects().filter(owner_body_id=space.body_id).values("pk")
        condition |= Q(target_type=section_kind, target_id__in=owned)
    if space.target_type_id is not None:
        condition |= Q(target_type_id=space.target_type_id, target_id=space.target_id)
    return (
        FileLink.objects.visible_to(user)
        .filter(condition)
        .select_related("file__space", "target_type")
        .order_by("file__title", "pk")
    )


LINK_KINDS = ("strategy.section", "plan.task", "events.event", "plan.plan")


def link_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Objects a file may be linked to, grouped by kind (through the linkables registry)."""
    from zemlyaki.core.registries import linkable_choices

    groups = []
    for label in LINK_KINDS:
        kind = linkables.get(label)
        objects = linkable_choices(label)
        if kind is not None and objects:
            groups.append((str(kind.title), [(f"{label}:{o.pk}", str(o)) for o in objects]))
    return groups


def object_space(obj: Any, user: Any) -> tuple[Space | None, list[Any]]:
    """The space of an event or a program this reader may see, or — when it has none yet —
    the bodies through which the reader may open one."""
    from zemlyaki.governance.models import Body

    from .services import SPACE_OBJECTS

    if target_label(obj) not in SPACE_OBJECTS:
        return None, []
    kind = ContentType.objects.get_for_model(obj)
    existing = Space.objects.filter(target_type=kind, target_id=obj.pk)
    found = existing.visible_to(user).first()
    if found is not None or existing.exists():
        return found, []
    return None, list(Body.objects.filter(pk__in=member_body_ids(user)).order_by("name"))


def target_label(obj: Any) -> str:
    return str(obj._meta.label_lower)


def parse_target(value: str, user: Any) -> Any:
    """``"strategy.section:12"`` → the object, through the linkables registry; None when
    there is no such object or when its app has a ``<app>.view_<model>`` permission the
    user does not hold (nobody attaches a thread to what they may not read)."""
    import rules

    label, _sep, pk = (value or "").partition(":")
    if label not in linkables or not pk.isdigit() or len(pk) > 18:
        return None
    found = linkable_object(label, int(pk))
    if found is None:
        return None
    app, model = label.split(".", 1)
    perm = f"{app}.view_{model}"
    if rules.perm_exists(perm) and not user.has_perm(perm, found):
        return None
    return found


def thread_posts(thread: Thread) -> list[Post]:
    posts = list(
        thread.posts.select_related("author", "quote_of__author")
        .prefetch_related("attachments", "mentions", "reactions")
        .annotate(revision_count=Count("revisions"))
    )
    known = set(body_member_users(thread.space.body_id).values_list("username", flat=True))
    for post in posts:
        post.html = render_post(post.text, known)  # type: ignore[attr-defined]
        counts = Counter(r.kind for r in post.reactions.all())
        post.reaction_counts = dict(counts)  # type: ignore[attr-defined]
        post.my_reactions = set()  # type: ignore[attr-defined]
    return posts


def mark_own_reactions(posts: list[Post], user: Any) -> None:
    if not getattr(user, "is_authenticated", False):
        return
    for post in posts:
        post.my_reactions = {  # type: ignore[attr-defined]
            r.kind for r in post.reactions.all() if r.user_id == user.pk
        }


def files_in(space: Space, user: Any, *, folder: Folder | None = None, q: str = "") -> Any:
    files = (
        File.objects.visible_to(user)
        .filter(space=space)
        .select_related("current__created_by", "folder")
        .annotate(version_count=Count("versions"))
    )
    if q.strip():
        return files.filter(search_q(q))
    return files.filter(folder=folder)


def member_suggestions(space: Space, query: str, limit: int = 10) -> list[dict[str, str]]:
    users = body_member_users(space.body_id)
    query = (query or "").strip().lstrip("@")
    if query:
        users = users.filter(
            Q(username__istartswith=query)
            | Q(first_name__istartswith=query)
            | Q(last_name__istartswith=query)
        )
    return [
        {"username": u.username, "name": u.get_full_name() or u.username}
        for u in users.order_by("last_name", "username")[:limit]
    ]
