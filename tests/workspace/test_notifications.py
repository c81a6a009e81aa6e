"""Mail about the discussions through a real SMTP server on loopback."""

import re

import pytest
from django.test import Client

from zemlyaki.core.security import token_hash
from zemlyaki.governance.models import BodyMember
from zemlyaki.governance.services import member_remove
from zemlyaki.workspace import notify, services
from zemlyaki.workspace.models import NotificationSettings, NotifyMode, UnsubscribeLink

pytestmark = pytest.mark.django_db(transaction=True)


def _link(message):
    body = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"http://testserver(/workspace/unsubscribe/[^/\s]+/)", body).group(1)


def test_mention_mailed_at_once_with_unsubscribe_link(smtp, space, alice, bob):
    thread = services.thread_create(actor=alice, space=space, title="Раздел 2", text="@bob глянь")
    assert len(smtp) == 1
    message = smtp[0]
    assert message["To"] == "bob@example.org"
    assert message["Subject"].strip() == "Вас упомянули в\u00a0обсуждении «Раздел 2»"
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert f"http://testserver/workspace/threads/{thread.pk}/" in body
    path = _link(message)
    assert message["List-Unsubscribe"].strip() == f"<http://testserver{path}>"
    token = path.split("/")[-2]
    assert not UnsubscribeLink.objects.filter(token_hash=token).exists()  # only the hash kept
    assert UnsubscribeLink.objects.filter(token_hash=token_hash(token), user=bob).count() == 1
    client = Client()
    assert client.get(path).status_code == 200
    assert notify.mode_of(bob) == NotifyMode.IMMEDIATE  # a GET changes nothing
    assert client.post(path).status_code == 200
    assert notify.mode_of(bob) == NotifyMode.OFF
    services.post_create(actor=alice, thread=thread, text="@bob ещё раз")
    assert len(smtp) == 1


def test_digest_collects_and_sends_once(smtp, space, alice, bob):
    NotificationSettings.objects.create(user=bob, mode=NotifyMode.DIGEST)
    thread = services.thread_create(actor=alice, space=space, title="Первая", text="т")
    services.thread_create(actor=alice, space=space, title="Вторая", text="@bob т")
    services.post_create(actor=alice, thread=thread, text="ещё")  # bob does not follow it
    assert smtp == []
    assert notify.send_digests() == 1
    assert len(smtp) == 1
    body = smtp[0].get_body(preferencelist=("plain",)).get_content()
    assert "«Первая»" in body and "«Вторая»" in body
    assert "/workspace/unsubscribe/" in body
    assert notify.send_digests() == 0
    assert len(smtp) == 1


def test_removed_member_gets_no_mail(smtp, space, alice, bob):
    NotificationSettings.objects.create(user=bob, mode=NotifyMode.DIGEST)
    services.thread_create(actor=alice, space=space, title="Т", text="@bob т")
    member_remove(actor=None, member=BodyMember.objects.get(person__user=bob))
    assert notify.send_digests() == 0
    assert smtp == []
