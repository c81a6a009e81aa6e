"""A body's history shows its membership: who joined, who left, when, on whose decision."""

import datetime

import pytest
from django.test import Client

from tests.people.factories import make_person
from zemlyaki.governance import history, services

from .factories import make_body

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_history_lists_joining_leaving_and_removal_with_dates_actor_and_basis(coordinator):
    body = make_body("Редакционная группа", kind="editorial_group")
    other = make_body("Оргкомитет", kind="organising_committee")
    person = make_person("Беликов", "Андрей", "Михайлович")
    second = make_person("Тамбовцева", "Ольга", "")
    member = services.member_add(
        actor=coordinator,
        body=body,
        person=person,
        position="chair",
        since=datetime.date(2023, 10, 15),
        basis="Протокол круглого стола №1",
    )
    services.member_add(actor=coordinator, body=other, person=second)  # another body's roster
    services.member_update(
        actor=coordinator,
        member=member,
        until=datetime.date(2024, 8, 1),
        basis="Решение рабочей группы №5",
    )
    joined = services.member_add(actor=coordinator, body=body, person=second)
    services.member_remove(actor=coordinator, member=joined)
    services.power_grant(actor=coordinator, body=body, code="strategy.edit_section")

    rows = [history.describe(e) for e in history.body_history(body)]
    assert [(r["event"], r["person"]) for r in rows] == [
        ("получено полномочие «редактировать раздел стратегии»", ""),
        ("исключён из состава", "Тамбовцева Ольга"),
        ("вошёл в состав", "Тамбовцева Ольга"),
        ("выходит из состава", "Беликов Андрей Михайлович"),
        ("вошёл в состав", "Беликов Андрей Михайлович"),
        ("орган создан", ""),
    ]
    left, first = rows[3], rows[4]
    assert (first["since"], first["position"], first["basis"]) == (
        datetime.date(2023, 10, 15),
        "председатель",
        "Протокол круглого стола №1",
    )
    assert (left["until"], left["basis"], left["actor"]) == (
        datetime.date(2024, 8, 1),
        "Решение рабочей группы №5",
        coordinator,
    )
    assert rows[1]["basis"] == "Исключение из органа «Редакционная группа»"


def test_history_page_shows_the_membership_to_the_coordinator_only(coordinator, member):
    body = make_body("Контрольный орган", kind="control")
    person = make_person("Контролёва", "Мария", "")
    services.member_add(
        actor=coordinator,
        body=body,
        person=person,
        since=datetime.date(2024, 1, 10),
        basis="Решение общего собрания №2",
    )
    response = _client(coordinator).get(f"/bodies/{body.pk}/history/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "вошёл в состав" in html and "Контролёва Мария" in html
    assert "10.01.2024" in html and "Решение общего собрания №2" in html
    assert str(coordinator) in html
    assert _client(member).get(f"/bodies/{body.pk}/history/").status_code == 403


def test_member_form_records_the_basis_of_leaving(coordinator):
    body = make_body("Рабочая группа")
    person = make_person("Уходящий", "Пётр", "")
    member = services.member_add(actor=coordinator, body=body, person=person)
    response = _client(coordinator).post(
        f"/bodies/{body.pk}/members/{member.pk}/edit/",
        {"position": "member", "until": "2025-03-01", "basis": "Личное заявление"},
    )
    assert response.status_code == 302
    row = history.describe(history.body_history(body).first())
    assert (row["event"], row["until"], row["basis"]) == (
        "выходит из состава",
        datetime.date(2025, 3, 1),
        "Личное заявление",
    )
