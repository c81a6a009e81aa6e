"""The bridge to a messenger group: new threads and mentions go out as messages.

A message is a :class:`Delivery` row queued in the transaction of the post (one per
post, by a unique key, so nothing is sent twice) and delivered by a background task.
A failure leaves it queued with a later ``next_attempt_at``: the messenger's own
``retry_after`` for a 429, a doubling back-off for a 5xx or a network error. An answer
that will not change by waiting (a wrong token or chat, 400/401/403/404) marks it
failed. The coordinator sees every delivery's status on the connection's page.

An adapter is a class with ``send(connection, text)``; the Telegram Bot API is the
first. Its token is a secret of the ``ZEMLYAKI_MESSENGER_TOKENS`` setting (from the
environment), named by the connection; the database never holds it.
"""

import datetime
import json
import urllib.error
import urllib.request
from typing import Any, Protocol

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.core.urls_public import absolute_url

from .models import Connection, Delivery, DeliveryStatus

TIMEOUT_SECONDS = 10
MAX_BACKOFF_SECONDS = 3600
LEASE_SECONDS = 120  # a delivery being sent is not picked up again before this


class RetryLater(Exception):
    def __init__(self, message: str, after: float | None = None) -> None:
        super().__init__(message)
        self.after = after


class Refused(Exception):
    """The messenger refused the message for good (wrong token, unknown chat)."""


class Adapter(Protocol):
    def send(self, connection: Connection, text: str) -> None: ...


def token_for(connection: Connection) -> str:
    tokens: dict[str, str] = getattr(settings, "ZEMLYAKI_MESSENGER_TOKENS", {}) or {}
    token = tokens.get(connection.token_name, "")
    if not token:
        raise Refused(
            _("Секрет «%(name)s» не задан в настройках.") % {"name": connection.token_name}
        )
    return token


class TelegramAdapter:
    """``sendMessage`` of the Telegram Bot API at ``ZEMLYAKI_TELEGRAM_API_URL``."""

    def send(self, connection: Connection, text: str) -> None:
        base = str(getattr(settings, "ZEMLYAKI_TELEGRAM_API_URL", "https://api.telegram.org"))
        url = f"{base.rstrip('/')}/bot{token_for(connection)}/sendMessage"
        body = json.dumps(
            {"chat_id": connection.chat_id, "text": text, "disable_web_page_preview": True}
        ).encode()
        request = urllib.request.Request(
            url, data=body, method="POST", headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
                answer = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            answer = _json(error.read())
            description = str(answer.get("description") or error.reason)[:200]
            if error.code == 429:
                after = (answer.get("parameters") or {}).get("retry_after")
                raise RetryLater(description, float(after) if after else None) from error
            if error.code >= 500:
                raise RetryLater(description) from error
            raise Refused(description) from error
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise RetryLater(str(error)[:200]) from error
        if not answer.get("ok"):
            raise Refused(str(answer.get("description") or "not ok")[:200])


def _json(data: bytes) -> dict[str, Any]:
    try:
        value = json.loads(data or b"{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


ADAPTERS: dict[str, Adapter] = {"telegram": TelegramAdapter()}
ADAPTER_LABELS = {"telegram": "Telegram"}


def _text_for(post: Any, first: bool, mentioned: list[Any]) -> str:
    thread = post.thread
    link = absolute_url(reverse("workspace:thread", args=[thread.pk]))
    author = str(post.author or _("участник"))
    lines = []
    if first:
        lines.append(
            _("Новое обсуждение «%(title)s» (%(author)s)")
            % {"title": thread.title, "author": author}
        )
    if mentioned:
        names = ", ".join(str(u) for u in mentioned)
        lines.append(
            _("%(author)s упоминает: %(names)s — в обсуждении «%(title)s»")
            % {"author": author, "names": names, "title": thread.title}
        )
    lines.append(link)
    return "\n".join(lines)


def queue_for_post(post: Any, *, first: bool, mentioned: list[Any]) -> Delivery | None:
    """One message about a new thread or a mention, if the space is connected."""
    if not (first or mentioned):
        return None
    connection = Connection.objects.filter(space_id=post.thread.space_id, enabled=True).first()
    if connection is None:
        return None
    delivery, _created = Delivery.objects.get_or_create(
        key=f"post:{post.pk}",
        defaults={
            "connection": connection,
            "text": _text_for(post, first, mentioned),
            "next_attempt_at": timezone.now(),
        },
    )
    transaction.on_commit(_enqueue)
    return delivery


def queue_text(connection: Connection, key: str, text: str) -> tuple[Delivery, bool]:
    """Queue any message (a deadline reminder) once per key; True when new."""
    delivery, created = Delivery.objects.get_or_create(
        key=key,
        defaults={"connection": connection, "text": text, "next_attempt_at": timezone.now()},
    )
    if created:
        transaction.on_commit(_enqueue)
    return delivery, created


def _enqueue() -> None:
    from .tasks import deliver_messages

    deliver_messages.enqueue()


def _backoff(attempts: int) -> float:
    return float(min(30 * 2 ** max(attempts - 1, 0), MAX_BACKOFF_SECONDS))


def _claim(delivery: Delivery, now: datetime.datetime) -> bool:
    """Take the delivery for this worker; another worker that read it too gets False."""
    lease = now + datetime.timedelta(seconds=LEASE_SECONDS)
    return bool(
        Delivery.objects.filter(
            pk=delivery.pk, status=DeliveryStatus.QUEUED, next_attempt_at=delivery.next_attempt_at
        ).update(next_attempt_at=lease)
    )


def deliver_due(now: datetime.datetime | None = None, limit: int = 100) -> int:
    """Send the queued messages that are due; returns how many went out."""
    now = now or timezone.now()
    due = list(
        Delivery.objects.filter(status=DeliveryStatus.QUEUED, next_attempt_at__lte=now)
        .filter(Q(connection__enabled=True))
        .select_related("connection")
        .order_by("next_attempt_at", "pk")[:limit]
    )
    sent = 0
    for delivery in due:
        if not _claim(delivery, now):
            continue
        adapter = ADAPTERS.get(delivery.connection.adapter)
        attempts = delivery.attempts + 1
        try:
            if adapter is None:
                raise Refused(_("Неизвестный мессенджер."))
            adapter.send(delivery.connection, delivery.text)
        except RetryLater as error:
            wait = error.after if error.after is not None else _backoff(attempts)
            Delivery.objects.filter(pk=delivery.pk).update(
                attempts=attempts,
                last_error=str(error)[:300],
                next_attempt_at=now + datetime.timedelta(seconds=wait),
            )
            continue
        except Refused as error:
            Delivery.objects.filter(pk=delivery.pk).update(
                attempts=attempts, status=DeliveryStatus.FAILED, last_error=str(error)[:300]
            )
            continue
        Delivery.objects.filter(pk=delivery.pk).update(
            attempts=attempts, status=DeliveryStatus.SENT, sent_at=timezone.now(), last_error=""
        )
        sent += 1
    return sent
