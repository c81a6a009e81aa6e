import datetime

import icalendar
import pytest
from django.urls import reverse

from zemlyaki.plan.ical import feed_token

from .factories import add_member, make_body, make_person, make_plan, make_task


@pytest.fixture
def owners(db):
    working = make_body("Рабочая группа")
    editorial = make_body("Редакционная группа", "editorial_group")
    anna = make_person("Смирнова", "Анна")
    add_member(editorial, anna)
    plan = make_plan("План подготовки")
    make_task(plan, "1", "Сформировать группы", due="15.10.2023", owner_body=working)
    make_task(plan, "2", "Написать стратегию", due="01.08.2024", owner_body=editorial)
    make_task(plan, "3", "Провести анкетирование", due="01.02.2024", owner_person=anna)
    make_task(plan, "4", "Отменённое", due="01.03.2024", owner_person=anna, status="cancelled")
    make_task(plan, "5", "Без срока", owner_person=anna)
    return {"working": working, "editorial": editorial, "anna": anna, "plan": plan}


def read(client, kind, pk):
    response = client.get(reverse("plan:calendar", args=[feed_token(kind, pk)]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    return calendar, [(str(e["summary"]), e.decoded("dtstart"), e.decoded("dtend")) for e in events]


@pytest.mark.django_db
def test_body_feed(client, owners):
    calendar, events = read(client, "body", owners["working"].pk)
    assert str(calendar["x-wr-calname"]) == "Сроки плана: Рабочая группа"
    assert events == [
        ("1. Сформировать группы", datetime.date(2023, 10, 15), datetime.date(2023, 10, 16))
    ]


@pytest.mark.django_db
def test_person_feed_has_own_tasks_and_tasks_of_her_bodies(client, owners):
    calendar, events = read(client, "person", owners["anna"].pk)
    assert events == [
        ("3. Провести анкетирование", datetime.date(2024, 2, 1), datetime.date(2024, 2, 2)),
        ("2. Написать стратегию", datetime.date(2024, 8, 1), datetime.date(2024, 8, 2)),
    ]
    event = calendar.walk("VEVENT")[0]
    assert "План: План подготовки" in str(event["description"])
    assert str(event["uid"]).startswith("plan-task-")


@pytest.mark.django_db
def test_forged_or_unknown_feed_is_not_found(client, owners):
    token = feed_token("body", owners["working"].pk)
    assert client.get(f"/plans/calendar/{token}x.ics").status_code == 404
    assert client.get("/plans/calendar/body:1.ics").status_code == 404
    missing = feed_token("body", 999999)
    assert client.get(reverse("plan:calendar", args=[missing])).status_code == 404


@pytest.mark.django_db
def test_plan_page_links_to_feeds(client, member, owners):
    client.force_login(member)
    response = client.get(owners["plan"].get_absolute_url())
    links = response.context["calendar_links"]
    assert [(link["kind"], link["title"]) for link in links] == [
        ("body", "Рабочая группа"),
        ("body", "Редакционная группа"),
        ("person", "Смирнова Анна"),
    ]
    assert links[0]["url"].startswith("http://testserver/plans/calendar/")
    assert client.get(links[0]["url"]).status_code == 200
