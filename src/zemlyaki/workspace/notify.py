"""Mail about the discussions: at once or in a daily digest, as each person chose.

A post queues one notice per person to tell (a mention first, then a new thread of
their body, then a reply in a thread they follow). After the transaction commits, the
notices of those who chose "at once" go out; the others wait for the digest. Whether
the person may still read the thread is asked again when the mail is sent, so a member
removed from the body in between is told nothing. Every mail carries a personal
unsubscribe link, of which only the hash is kept.
"""

from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from zemlyaki.core.security import new_token
from zemlyaki.core.typography import typograph_message
from zemlyaki.core.urls_public import absolute_url
from zemlyaki.core.visibility import can_see

from .models import Follow, Notice, NoticeKind, NotificationSettings, NotifyMode, UnsubscribeLink


def mode_of(user: Any) -> str:
    found = NotificationSettings.objects.filter(user=user).values_list("mode", flat=True).first()
    return found or NotifyMode.IMMEDIATE


def queue_for_post(post: Any, *, first: bool, mentioned: list[Any], members: Any) -> None:
    """Queue the notices of a new post; the immediate ones are sent after commit."""
    kinds: dict[int, str] = {}
    for user in mentioned:
        kinds.setdefault(user.pk, NoticeKind.MENTION)
    if first:
        for user_id in members.values_list("pk", flat=True):
            kinds.setdefault(user_id, NoticeKind.NEW_THREAD)
    for user_id in Follow.objects.filter(thread=post.thread_id).values_list("user_id", flat=True):
        kinds.setdefault(user_id, NoticeKind.REPLY)
    kinds.pop(post.author_id, None)
    Notice.objects.bulk_create(
        [Notice(user_id=user_id, post=post, kind=kind) for user_id, kind in kinds.items()],
        ignore_conflicts=True,
    )
    if kinds:
        transaction.on_commit(lambda: _enqueue_immediate(post.pk))


def _enqueue_immediate(post_id: int) -> None:
    from .tasks import send_post_notices

    send_post_notices.enqueue(post_id)


def unsubscribe_url(user: Any) -> str:
    token, digest = new_token()
    UnsubscribeLink.objects.create(user=user, token_hash=digest)
    return absolute_url(reverse("workspace:unsubscribe", args=[token]))


def _send(user: Any, subject: str, template: str, context: dict[str, Any]) -> None:
    link = unsubscribe_url(user)
    context = {**context, "user": user, "unsubscribe_url": link, "site_url": absolute_url("/")}
    with translation.override("ru"):
        subject, body = typograph_message(subject, render_to_string(template, context))
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={"List-Unsubscribe": f"<{link}>"},
        connection=get_connection(),
    )
    message.send()


def _readable(notices: list[Notice]) -> list[Notice]:
    return [n for n in notices if can_see(n.user, n.post.thread) and n.user.email]


def send_post_notices(post_id: int) -> int:
    """Mail the "at once" notices of one post; returns how many mails went out."""
    notices = list(
        Notice.objects.filter(post_id=post_id, sent_at__isnull=True)
        .select_related("user", "post__thread__space", "post__author")
        .order_by("pk")
    )
    sent = 0
    now = timezone.now()
    for notice in notices:
        mode = mode_of(notice.user)
        if mode == NotifyMode.DIGEST:
            continue
        if mode == NotifyMode.IMMEDIATE and _readable([notice]):
            thread = notice.post.thread
            subject = _subject(notice)
            _send(
                notice.user,
                subject,
                "workspace/mail/notice.txt",
                {
                    "notice": notice,
                    "thread": thread,
                    "post": notice.post,
                    "url": absolute_url(reverse("workspace:thread", args=[thread.pk])),
                },
            )
            sent += 1
        Notice.objects.filter(pk=notice.pk).update(sent_at=now)
    return sent


def _subject(notice: Notice) -> str:
    from django.utils.translation import gettext as _

    title = notice.post.thread.title
    if notice.kind == NoticeKind.MENTION:
        return _("Вас упомянули в обсуждении «%(title)s»") % {"title": title}
    if notice.kind == NoticeKind.NEW_THREAD:
        return _("Новое обсуждение: «%(title)s»") % {"title": title}
    return _("Новый ответ в обсуждении «%(title)s»") % {"title": title}


def send_digests() -> int:
    """One mail per person who chose the digest, listing what waits for them."""
    from django.utils.translation import gettext as _

    waiting = (
        Notice.objects.filter(sent_at__isnull=True, user__workspace_notifications__mode="digest")
        .select_related("user", "post__thread__space", "post__author")
        .order_by("user_id", "pk")
    )
    by_user: dict[Any, list[Notice]] = defaultdict(list)
    for notice in waiting:
        by_user[notice.user].append(notice)
    now = timezone.now()
    sent = 0
    for user, notices in by_user.items():
        readable = _readable(notices)
        if readable:
            items = [
                {
                    "notice": n,
                    "url": absolute_url(reverse("workspace:thread", args=[n.post.thread_id])),
                }
                for n in readable
            ]
            _send(user, _("Обсуждения за день"), "workspace/mail/digest.txt", {"items": items})
            sent += 1
        Notice.objects.filter(pk__in=[n.pk for n in notices]).update(sent_at=now)
    return sent
