"""XLSX exports read back with openpyxl."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from tests.people.factories import make_person
from tests.programs.factories import make_need, make_pledge, make_program
from zemlyaki.programs import services

pytestmark = pytest.mark.django_db


def _book(response):
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content))


def test_program_export_has_needs_pledges_and_balance(client, coordinator):
    program = make_program()
    need = make_need(program, quantity="1000", description="Аренда зала")
    pledge = make_pledge(program, need=need, quantity="600", contact="+7 900 1")
    services.pledge_transition(actor=None, pledge=pledge, to="confirmed")
    make_pledge(program, giver=make_person(last="Сидорова"), quantity="50", contact="+7 900 2")
    guest = _book(client.get(reverse("programs:program_export", args=[program.pk])))
    assert guest.sheetnames == ["Потребности", "Обязательства", "Баланс"]
    needs = list(guest["Потребности"].iter_rows(values_only=True))
    assert needs[1][:4] == ("деньги", "Аренда зала", 1000, "руб.")
    pledges = list(guest["Обязательства"].iter_rows(values_only=True))
    assert [(r[0], r[4], r[6]) for r in pledges[1:]] == [
        (str(pledge.stakeholder), "подтверждено", None),
        ("участник землячества", "обещано", None),
    ]
    balance = list(guest["Баланс"].iter_rows(values_only=True))
    assert balance[1] == ("деньги", "руб.", 1000, 650, 600, 0, 400, None)
    client.force_login(coordinator)
    staff = _book(client.get(reverse("programs:program_export", args=[program.pk])))
    rows = list(staff["Обязательства"].iter_rows(values_only=True))
    assert [(r[0], r[6]) for r in rows[1:]] == [
        (str(pledge.stakeholder), "+7 900 1"),
        ("Сидорова Иван Иванович", "+7 900 2"),
    ]


def test_balance_export_keeps_units_apart(client):
    program = make_program()
    make_need(program, quantity="100")
    make_need(program, kind="premises", quantity="50", unit="sqm")
    make_pledge(program, kind="premises", quantity="80", unit="sqm")
    book = _book(client.get(reverse("programs:balance_export")))
    rows = list(book["Баланс"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Вид ресурса", "Единица", "Нужно")
    assert rows[1:] == [
        ("деньги", "руб.", 100, 0, 0, 0, 100, None),
        ("помещение", "м²", 50, 80, 0, 0, 50, "да"),
    ]
    assert Decimal(rows[2][3]) == Decimal("80")
