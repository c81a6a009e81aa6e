"""The messenger bridge against a fake Bot API on loopback."""

import datetime

import pytest
from django.utils import timezone

from tests.support.fake_messenger import fake_bot_api
from zemlyaki.workspace import messenger, services
from zemlyaki.workspace.models import Connection, Delivery, DeliveryStatus

pytestmark = pytest.mark.django_db(transaction=True)

TOKEN = "123456:secret-token"


@pytest.fixture
def bot(settings):
    with fake_bot_api() as api:
        settings.ZEMLYAKI_TELEGRAM_API_URL = api.url
        settings.ZEMLYAKI_MESSENGER_TOKENS = {"editorial": TOKEN}
        yield api


@pytest.fixture
def connected(space):
    return Connection.objects.create(
        space=space, chat_id="-100500", token_name="editorial", enabled=True
    )


def test_new_thread_goes_out_once_with_link(bot, connected, space, alice, bob):
    thread = services.thread_create(actor=alice, space=space, title="Раздел 2", text="@bob глянь")
    assert len(bot.received) == 1
    message = bot.received[0]
    assert message["path"] == f"/bot{TOKEN}/sendMessage"
    assert message["chat_id"] == "-100500"
    assert message["text"].splitlines() == [
        "Новое обсуждение «Раздел 2» (Иванова Алиса)",
        "Иванова Алиса упоминает: Петров Борис — в обсуждении «Раздел 2»",
        f"http://testserver/workspace/threads/{thread.pk}/",
    ]
    services.post_create(actor=bob, thread=thread, text="ответ без упоминаний")
    assert len(bot.received) == 1
    assert messenger.deliver_due(timezone.now() + datetime.timedelta(days=1)) == 0
    assert Delivery.objects.get().status == DeliveryStatus.SENT


def test_429_waits_retry_after_then_sends(bot, connected, space, alice):
    bot.failures = [
        (429, {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 7",
               "parameters": {"retry_after": 7}}),
    ]  # fmt: skip
    before = timezone.now()
    services.thread_create(actor=alice, space=space, title="Т", text="т")
    delivery = Delivery.objects.get()
    assert bot.received == [] and delivery.status == DeliveryStatus.QUEUED
    assert delivery.attempts == 1 and "Too Many Requests" in delivery.last_error
    wait = (delivery.next_attempt_at - before).total_seconds()
    assert 7 <= wait < 9
    assert messenger.deliver_due(timezone.now()) == 0  # not yet
    assert messenger.deliver_due(delivery.next_attempt_at) == 1
    assert len(bot.received) == 1


def test_outage_of_an_hour_nothing_lost_nothing_twice(bot, connected, space, alice):
    bot.down = True
    for n in range(3):
        services.thread_create(actor=alice, space=space, title=f"Т{n}", text="т")
    now = timezone.now()
    for minutes in range(0, 61, 5):  # the cron runs every few minutes for an hour
        messenger.deliver_due(now + datetime.timedelta(minutes=minutes))
    assert bot.received == []
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.QUEUED}
    assert min(Delivery.objects.values_list("attempts", flat=True)) >= 3
    bot.down = False
    later = now + datetime.timedelta(hours=2)
    assert messenger.deliver_due(later) == 3
    assert messenger.deliver_due(later + datetime.timedelta(hours=1)) == 0
    assert sorted(m["text"].splitlines()[0] for m in bot.received) == [
        "Новое обсуждение «Т0» (Иванова Алиса)",
        "Новое обсуждение «Т1» (Иванова Алиса)",
        "Новое обсуждение «Т2» (Иванова Алиса)",
    ]


def test_5xx_backs_off_and_wrong_chat_fails_visibly(bot, connected, space, alice):
    bot.failures = [(500, {"ok": False, "description": "Internal"})]
    services.thread_create(actor=alice, space=space, title="Т", text="т")
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.QUEUED and delivery.attempts == 1
    bot.failures = [(400, {"ok": False, "description": "Bad Request: chat not found"})]
    messenger.deliver_due(delivery.next_attempt_at)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.last_error == "Bad Request: chat not found"
    assert bot.received == []


def test_disabled_connection_queues_nothing(bot, connected, space, alice):
    Connection.objects.update(enabled=False)
    services.thread_create(actor=alice, space=space, title="Т", text="т")
    assert Delivery.objects.count() == 0 and bot.attempts == []


def test_token_is_never_stored(bot, connected):
    from django.db import connection as db

    with db.cursor() as cursor:
        cursor.execute("SELECT * FROM workspace_connection")
        rows = cursor.fetchall()
    assert TOKEN not in repr(rows)


def test_deadlines_go_out_once_per_task_and_date(bot, connected, space, body):
    from tests.plan.factories import make_plan, make_task
    from zemlyaki.workspace.deadlines import deadlines_queue

    today = timezone.localdate()
    due = f"{today + datetime.timedelta(days=3):%d.%m.%Y}"
    plan = make_plan()
    task = make_task(plan, "1.1", "Собрать отзывы", due=due, owner_body=body)
    make_task(plan, "1.2", "Чужая задача", due=due)
    make_task(
        plan, "1.3", "Позже", due=f"{today + datetime.timedelta(days=9):%d.%m.%Y}", owner_body=body
    )
    assert deadlines_queue(today, days=3) == 1
    assert deadlines_queue(today, days=3) == 0
    assert [m["text"].splitlines() for m in bot.received] == [
        [
            f"Срок {(today + datetime.timedelta(days=3)):%d.%m.%Y}: «{task}»",
            f"http://testserver/plans/tasks/{task.pk}/edit/",
        ]
    ]
