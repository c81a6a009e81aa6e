"""The balance: figures per kind and unit, checked against sums computed here."""

import datetime
from decimal import Decimal

import pytest

from tests.programs.factories import D, make_need, make_pledge, make_program
from tests.registry.factories import make_association, make_stakeholder
from zemlyaki.programs import balance, services
from zemlyaki.programs.models import Pledge, Program

pytestmark = pytest.mark.django_db


def _move(pledge, *states, delivered=None):
    for to in states:
        pledge = services.pledge_transition(
            actor=None,
            pledge=pledge,
            to=to,
            delivered_quantity=delivered,
            evidence_url="https://example.org/act" if to == "delivered" else "",
        )
    return pledge


def _expected(programs):
    """The same figures, summed here from the rows one by one."""
    table = {}
    for program in programs:
        for need in program.needs.all():
            table.setdefault(
                (need.kind, need.unit),
                dict.fromkeys(
                    ("needed", "pledged", "confirmed", "delivered", "covered"), Decimal(0)
                ),
            )["needed"] += need.quantity
        for p in Pledge.objects.filter(program=program):
            row = table.setdefault(
                (p.kind, p.unit),
                dict.fromkeys(
                    ("needed", "pledged", "confirmed", "delivered", "covered"), Decimal(0)
                ),
            )
            if p.status != "withdrawn":
                row["pledged"] += p.quantity
            if p.status in ("confirmed", "delivered"):
                row["confirmed"] += p.quantity
            if p.status == "confirmed":
                row["covered"] += p.quantity
            if p.status == "delivered":
                row["delivered"] += p.delivered_quantity
                row["covered"] += p.delivered_quantity
    return {
        key: {
            "needed": f["needed"],
            "pledged": f["pledged"],
            "confirmed": f["confirmed"],
            "delivered": f["delivered"],
            "gap": max(f["needed"] - f["covered"], Decimal(0)),
            "over": f["pledged"] > f["needed"],
        }
        for key, f in table.items()
    }


def _got(rows):
    return {
        (r["kind"], r["unit"]): {
            k: r[k] for k in ("needed", "pledged", "confirmed", "delivered", "gap", "over")
        }
        for r in rows
    }


@pytest.fixture
def two_programs():
    a = make_program(title="Тамбовская программа", association=make_association())
    b = make_program(title="Молодёжь")
    money = make_need(a, quantity="300000")
    hall = make_need(a, kind="premises", quantity="120", unit="sqm")
    hours = make_need(a, kind="premises", quantity="40", unit="hours")
    volunteers = make_need(b, kind="volunteers", quantity="50", unit="person_days")
    make_need(b, quantity="100000")
    _move(make_pledge(a, need=money, quantity="200000"), "confirmed")
    _move(
        make_pledge(a, need=money, quantity="150000"),
        "confirmed",
        "delivered",
        delivered=Decimal("90000"),
    )
    _move(make_pledge(a, need=money, quantity="50000"), "withdrawn")
    make_pledge(a, need=hall, quantity="150", unit="sqm")
    _move(make_pledge(a, need=hours, quantity="40", unit="hours"), "confirmed", "delivered")
    _move(make_pledge(b, need=volunteers, quantity="30", unit="person_days"), "confirmed")
    make_pledge(b, kind="information", quantity="12", unit="publications")  # to the program
    make_pledge(b, quantity="1000")
    return a, b


def test_balance_of_a_program(two_programs):
    a, _ = two_programs
    got = _got(balance.balance_of_program(a))
    assert got == _expected([a])
    assert got[("money", "rub")] == {
        "needed": Decimal("300000"),
        "pledged": Decimal("350000"),
        "confirmed": Decimal("350000"),
        "delivered": Decimal("90000"),
        "gap": Decimal("10000"),
        "over": True,
    }
    assert got[("premises", "sqm")]["gap"] == Decimal("120")
    assert got[("premises", "hours")]["gap"] == Decimal("0")


def test_balance_of_the_strategy_keeps_units_apart(two_programs):
    rows = balance.balance_of_programs(Program.objects.all())
    assert balance.balance_of_strategy() == rows
    assert _got(rows) == _expected(list(Program.objects.all()))
    assert [(r["kind"], r["unit"]) for r in rows] == [
        ("money", "rub"),
        ("premises", "hours"),
        ("premises", "sqm"),
        ("information", "publications"),
        ("volunteers", "person_days"),
    ]
    info = next(r for r in rows if r["kind"] == "information")
    assert (info["needed"], info["pledged"], info["gap"], info["over"]) == (0, 12, 0, True)


def test_balance_of_a_stakeholders_pledges(two_programs):
    giver = make_stakeholder(name="Банк «Земляк»", kind="business")
    a, b = two_programs
    _move(make_pledge(b, giver=giver, quantity="5000"), "confirmed")
    rows = balance.balance_of_pledges(Pledge.objects.filter(stakeholder=giver))
    assert rows == [
        {
            "kind": "money",
            "kind_name": "деньги",
            "unit": "rub",
            "unit_name": "руб.",
            "needed": None,
            "pledged": Decimal("5000"),
            "confirmed": Decimal("5000"),
            "delivered": Decimal("0"),
            "gap": None,
            "over": False,
        }
    ]


def test_need_flags_over_pledge_and_overdue(two_programs):
    a, _ = two_programs
    late = make_need(a, kind="expertise", quantity="10", unit="hours", needed_by=D(2025, 3, 1))
    rows = balance.need_rows(a, today=datetime.date(2025, 6, 1))
    flags = {(r["need"].kind, r["need"].unit): (r["over"], r["overdue"]) for r in rows}
    assert flags == {
        ("money", "rub"): (True, False),
        ("premises", "sqm"): (True, False),
        ("premises", "hours"): (False, False),
        ("expertise", "hours"): (False, True),
    }
    _move(make_pledge(a, need=late, quantity="10", unit="hours"), "confirmed")
    rows = balance.need_rows(a, today=datetime.date(2025, 6, 1))
    assert [r["overdue"] for r in rows if r["need"].pk == late.pk] == [False]
