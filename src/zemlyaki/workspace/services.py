"""Writes of the discussions: threads, posts, edits, reactions, audiences.

Every write checks the actor's right itself (the page and the API call the same
function) and records itself in the audit log. Notices and messenger messages are
queued in the same transaction and sent after it commits.
"""

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.core.errors import Forbidden, Invalid
from zemlyaki.core.models import AuditAction
from zemlyaki.core.services import audit_record, model_snapshot

from . import messenger, notify
from .access import body_member_users
from .markup import mentioned_usernames
from .models import (
    Audience,
    File,
    Follow,
    Post,
    PostRevision,
    Reaction,
    ReactionKind,
    Space,
    Thread,
)

MAX_TEXT = 20_000


def _require(actor: Any, perm: str, obj: Any) -> None:
    if not actor.has_perm(perm, obj):
        raise Forbidden()


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise Invalid({"text": [_("Напишите текст сообщения.")]})
    if len(text) > MAX_TEXT:
        raise Invalid({"text": [_("Сообщение длиннее 20 000 знаков.")]})
    return text


def _attachments(space: Space, files: Iterable[File]) -> list[File]:
    chosen = list(files)
    if any(f.space_id != space.pk for f in chosen):
        raise Invalid({"attachments": [_("Прикладывать можно только файлы этого пространства.")]})
    return chosen


@transaction.atomic
def thread_create(
    *,
    actor: Any,
    space: Space,
    title: str,
    text: str,
    audience: str = Audience.BODY,
    target: Any = None,
    attachments: Iterable[File] = (),
) -> Thread:
    _require(actor, "workspace.create_thread", space)
    title = (title or "").strip()
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = [_("Укажите тему.")]
    if audience not in Audience.values:
        errors["audience"] = [_("Неизвестный круг читателей.")]
    if errors:
        raise Invalid(errors)
    thread = Thread(space=space, title=title[:300], audience=audience, created_by=actor)
    if target is not None:
        thread.target_type = ContentType.objects.get_for_model(target)
        thread.target_id = target.pk
    thread.full_clean()
    thread.save()
    audit_record(
        actor=actor, action=AuditAction.CREATE, instance=thread, after=model_snapshot(thread)
    )
    post_create(actor=actor, thread=thread, text=text, attachments=attachments)
    return thread


@transaction.atomic
def post_create(
    *,
    actor: Any,
    thread: Thread,
    text: str,
    quote_of: Post | None = None,
    attachments: Iterable[File] = (),
) -> Post:
    _require(actor, "workspace.add_post", thread)
    text = _clean_text(text)
    files = _attachments(thread.space, attachments)
    if quote_of is not None and quote_of.thread_id != thread.pk:
        raise Invalid({"quote_of": [_("Цитировать можно только сообщение этого обсуждения.")]})
    first = not thread.posts.exists()
    post = Post.objects.create(
        thread=thread, author=actor, text=text, quote_of=quote_of, created_by=actor
    )
    post.attachments.set(files)
    members = body_member_users(thread.space.body_id)
    mentioned = list(members.filter(username__in=mentioned_usernames(text)))
    post.mentions.set(mentioned)
    Thread.objects.filter(pk=thread.pk).update(last_post_at=post.created_at)
    Follow.objects.get_or_create(thread=thread, user=actor)
    audit_record(actor=actor, action=AuditAction.CREATE, instance=post, after=model_snapshot(post))
    notify.queue_for_post(post, first=first, mentioned=mentioned, members=members)
    messenger.queue_for_post(post, first=first, mentioned=mentioned)
    return post


@transaction.atomic
def post_edit(*, actor: Any, post: Post, text: str) -> Post:
    _require(actor, "workspace.change_post", post)
    text = _clean_text(text)
    if text == post.text:
        return post
    before = model_snapshot(post, ["text"])
    PostRevision.objects.create(post=post, text=post.text, edited_by=actor)
    post.text = text
    post.edited_at = timezone.now()
    post.save(update_fields=["text", "edited_at", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=post,
        before=before,
        after=model_snapshot(post, ["text"]),
    )
    return post


@transaction.atomic
def reaction_toggle(*, actor: Any, post: Post, kind: str) -> bool:
    """Add the actor's reaction of this kind, or take it back; True when it is now set."""
    _require(actor, "workspace.react_post", post)
    if kind not in ReactionKind.values:
        raise Invalid(
            {"kind": [_("Отклик может быть только «согласен», «не согласен» или «есть вопрос».")]}
        )
    deleted, _rows = Reaction.objects.filter(post=post, user=actor, kind=kind).delete()
    if deleted:
        return False
    Reaction.objects.create(post=post, user=actor, kind=kind)
    return True


@transaction.atomic
def thread_set_audience(*, actor: Any, thread: Thread, audience: str) -> Thread:
    _require(actor, "workspace.open_thread", thread)
    if audience not in Audience.values:
        raise Invalid({"audience": [_("Неизвестный круг читателей.")]})
    before = model_snapshot(thread, ["audience"])
    thread.audience = audience
    thread.save(update_fields=["audience", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=thread,
        before=before,
        after=model_snapshot(thread, ["audience"]),
    )
    return thread


@transaction.atomic
def space_for_body(*, actor: Any, body: Any) -> Space:
    """The body's space, created on first use."""
    space, created = Space.objects.get_or_create(
        body=body, target_type=None, defaults={"title": body.name, "created_by": actor}
    )
    if created:
        audit_record(
            actor=actor, action=AuditAction.CREATE, instance=space, after=model_snapshot(space)
        )
    return space


SPACE_OBJECTS = ("events.event", "programs.program")


@transaction.atomic
def space_open_for(*, actor: Any, body: Any, target: Any) -> Space:
    """The space of an event or a program, opened by a member of the body it belongs to
    (once: a second call returns the existing space)."""
    from zemlyaki.core.registries import linkables

    from .access import is_body_member

    label = target._meta.label_lower
    if label not in SPACE_OBJECTS or label not in linkables:
        raise Invalid(
            {"target": [_("Пространство можно открыть только мероприятию или программе.")]}
        )
    kind = ContentType.objects.get_for_model(target)
    found = Space.objects.filter(target_type=kind, target_id=target.pk).first()
    if found is not None:
        if not actor.has_perm("workspace.view_space", found):
            raise Forbidden()  # the space exists, but not for this user
        return found
    if not is_body_member(actor, body.pk):
        raise Forbidden()
    space = Space.objects.create(
        body=body,
        title=str(target)[:300],
        target_type=kind,
        target_id=target.pk,
        created_by=actor,
    )
    audit_record(
        actor=actor, action=AuditAction.CREATE, instance=space, after=model_snapshot(space)
    )
    return space


@transaction.atomic
def notify_mode_set(*, user: Any, mode: str) -> str:
    """How a user gets mail about discussions (also the unsubscribe link of a mail)."""
    from .models import NotificationSettings, NotifyMode

    if mode not in NotifyMode.values:
        raise Invalid({"mode": [_("Неизвестный способ уведомлений.")]})
    NotificationSettings.objects.update_or_create(user=user, defaults={"mode": mode})
    return mode


@transaction.atomic
def connection_save(
    *, actor: Any, space: Space, chat_id: str, token_name: str, enabled: bool
) -> Any:
    """Connect the space to a messenger group, or change its connection. The token itself
    stays a secret of the settings: only a name configured there is accepted."""
    from django.conf import settings

    from .models import Connection

    _require(actor, "workspace.manage_connection", space)
    current = Connection.objects.select_for_update().filter(space=space).first()
    names = set((getattr(settings, "ZEMLYAKI_MESSENGER_TOKENS", {}) or {}).keys())
    if current is not None:
        names.add(current.token_name)
    if token_name not in names:
        raise Invalid(
            {"token_name": [_("Нет такого секрета в настройке ZEMLYAKI_MESSENGER_TOKENS.")]}
        )
    before = model_snapshot(current) if current else None
    saved = current or Connection(space=space, created_by=actor)
    saved.chat_id, saved.token_name, saved.enabled = chat_id.strip(), token_name, enabled
    saved.full_clean()
    saved.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE if current else AuditAction.CREATE,
        instance=saved,
        before=before,
        after=model_snapshot(saved),
    )
    return saved
