"""The stored balance cells always equal the balance computed from the pledges themselves."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from tests.programs.factories import make_need, make_pledge, make_program
from zemlyaki.programs import services
from zemlyaki.programs.balance import (
    balance_from_rows,
    balance_of_program,
    balance_of_programs,
    balance_of_strategy,
)
from zemlyaki.programs.cells import rebuild_all
from zemlyaki.programs.models import BalanceCell, Pledge, Program

pytestmark = pytest.mark.django_db


def _agree() -> None:
    assert balance_of_strategy() == balance_from_rows(Program.objects.all())
    for program in Program.objects.all():
        one = Program.objects.filter(pk=program.pk)
        assert balance_of_program(program) == balance_from_rows(one)
        assert balance_of_programs(one) == balance_from_rows(one)


def test_cells_follow_every_write(coordinator) -> None:
    youth = make_program(title="Молодёжь")
    memory = make_program(title="Память")
    money = make_need(youth, quantity="100000")
    hours = make_need(youth, kind="expertise", quantity="40", unit="hours")
    make_need(memory, quantity="5000")
    _agree()
    first = make_pledge(youth, quantity="60000", need=money)
    second = make_pledge(youth, quantity="30", unit="hours", need=hours)
    make_pledge(memory, quantity="7000")  # more than needed
    _agree()
    services.pledge_transition(actor=coordinator, pledge=first, to="confirmed")
    services.pledge_transition(
        actor=coordinator,
        pledge=first,
        to="delivered",
        delivered_quantity="45000",
        evidence_url="https://example.org/act",
    )
    services.pledge_transition(actor=coordinator, pledge=second, to="withdrawn")
    _agree()
    spare = make_need(memory, kind="volunteers", quantity="10", unit="person_days")
    services.need_delete(actor=coordinator, need=spare)
    _agree()
    rows = {(r["kind"], r["unit"]): r for r in balance_of_program(youth)}
    assert rows[("money", "rub")]["delivered"] == Decimal("45000.00")
    assert rows[("money", "rub")]["gap"] == Decimal("55000.00")
    assert rows[("expertise", "hours")]["pledged"] == Decimal("0.00")
    assert rows[("expertise", "hours")]["gap"] == Decimal("40.00")
    assert [r["over"] for r in balance_of_program(memory)] == [True]


def test_deleted_program_takes_its_cells_away() -> None:
    program = make_program()
    make_need(program)
    assert BalanceCell.objects.filter(program=program).count() == 1
    services.program_delete(actor=None, program=program)
    assert BalanceCell.objects.count() == 0


def test_rebuild_after_a_bulk_load_that_bypassed_the_services() -> None:
    program = make_program()
    need = make_need(program, quantity="1000")
    pledge = make_pledge(program, quantity="100", need=need)
    Pledge.objects.filter(pk=pledge.pk).update(quantity=Decimal("250"))  # behind the cells' back
    assert balance_of_strategy() != balance_from_rows(Program.objects.all())
    assert rebuild_all() == 1
    _agree()
    assert balance_of_strategy()[0]["pledged"] == Decimal("250.00")


@pytest.mark.django_db(transaction=True)
def test_parallel_pledges_to_one_program_both_count() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks are real only on PostgreSQL")
    program = make_program()
    need = make_need(program, quantity="1000")
    barrier = threading.Barrier(4)

    def pledge(amount: str) -> None:
        from django.db import connections

        try:
            barrier.wait()
            make_pledge(program, quantity=amount, need=need)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=pledge, args=(str(n),)) for n in (10, 20, 30, 40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Pledge.objects.count() == 4
    assert balance_of_program(program)[0]["pledged"] == Decimal("100.00")
    _agree()
