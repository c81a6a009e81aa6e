import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from zemlyaki.plan.models import TaskReminder
from zemlyaki.plan.services import plan_send_reminders
from zemlyaki.plan.tasks import send_plan_reminders

from .factories import add_member, make_body, make_person, make_plan, make_task


def due(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).strftime("%d.%m.%Y")


@pytest.fixture
def deadlines(db):
    editorial = make_body("Редакционная группа", "editorial_group")
    add_member(editorial, make_person("Редакторова", "Нина", email="nina@example.org"))
    add_member(
        editorial,
        make_person("Бывший", "Член", email="former@example.org"),
        until=datetime.date(2020, 1, 1),
    )
    anna = make_person("Смирнова", "Анна", email="Anna@Example.org")
    plan = make_plan("План подготовки")
    make_task(plan, "1", "Написать раздел 1", due=due(3), owner_body=editorial)
    make_task(plan, "2", "Провести анкетирование", due=due(-1), owner_person=anna)
    make_task(plan, "3", "Уже сделано", due=due(-1), owner_person=anna, status="done")
    make_task(plan, "4", "Без ответственного", due=due(3))
    make_task(plan, "5", "Срок через неделю", due=due(7), owner_person=anna)
    return plan


def summary(messages):
    return sorted((m["To"], m["Subject"].strip()) for m in messages)


@pytest.mark.django_db
def test_reminders_reach_a_real_smtp_server_once_a_day(smtp, deadlines):
    assert plan_send_reminders(days=3) == 2
    assert summary(smtp) == [
        ("anna@example.org", f"Пропущен срок пункта 2 «Провести анкетирование» ({due(-1)})"),
        ("nina@example.org", f"Срок пункта 1 «Написать раздел 1»\u00a0— {due(3)}"),
    ]
    missed = next(m for m in smtp if m["To"] == "anna@example.org")
    text = missed.get_content()
    assert "Срок пункта 2\u00a0плана «План подготовки» истёк" in text
    assert "Ответственные: Смирнова Анна" in text
    assert "/plans/tasks/" in text
    # the second run of the day sends nothing
    assert plan_send_reminders(days=3) == 0
    assert len(smtp) == 2
    assert TaskReminder.objects.count() == 2


@pytest.mark.django_db
def test_next_day_is_a_new_day(smtp, deadlines):
    today = timezone.localdate()
    assert plan_send_reminders(today=today, days=3) == 2
    # tomorrow the upcoming deadline is 2 days away and the missed one 2 days ago
    assert plan_send_reminders(today=today + datetime.timedelta(days=1), days=3) == 0
    assert plan_send_reminders(today=today + datetime.timedelta(days=4), days=3) == 2
    subjects = [m["Subject"].strip() for m in smtp[2:]]
    assert sorted(subjects) == [
        f"Пропущен срок пункта 1 «Написать раздел 1» ({due(3)})",
        f"Срок пункта 5 «Срок через неделю»\u00a0— {due(7)}",
    ]


@pytest.mark.django_db
def test_failed_send_is_retried_by_the_next_run(settings, deadlines):
    from tests.support.smtp import smtp_server

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    with smtp_server() as (port, _):
        settings.EMAIL_PORT = port  # learn a free port, then stop the server
    assert plan_send_reminders(days=3) == 0
    assert TaskReminder.objects.count() == 0
    with smtp_server() as (port, messages):
        settings.EMAIL_PORT = port
        assert plan_send_reminders(days=3) == 2
        assert len(messages) == 2


@pytest.mark.django_db
def test_command_and_background_task(smtp, deadlines):
    err = io.StringIO()
    call_command("plan", "remind", "--days", "7", stderr=err)
    assert err.getvalue().strip() == "Отправлено напоминаний: 2."
    assert summary(smtp) == [
        ("anna@example.org", f"Пропущен срок пункта 2 «Провести анкетирование» ({due(-1)})"),
        ("anna@example.org", f"Срок пункта 5 «Срок через неделю»\u00a0— {due(7)}"),
    ]
    result = send_plan_reminders.enqueue(days=7)
    assert result.return_value == 0
    result = send_plan_reminders.enqueue(days=3)
    assert result.return_value == 1
    assert len(smtp) == 3
