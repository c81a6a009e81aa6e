"""Programs, needs and pledges through their services: validation, states, audit."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from tests.programs.factories import D, make_need, make_pledge, make_program
from tests.registry.factories import make_association, make_stakeholder
from zemlyaki.core.models import AuditEntry
from zemlyaki.programs import services
from zemlyaki.programs.models import Pledge, PledgeStatus, Program, ProgramStatus, ResourceNeed

pytestmark = pytest.mark.django_db


def _errors(exc):
    return dict(exc.value.message_dict)


def test_program_period_is_within_the_strategy():
    with pytest.raises(ValidationError) as exc:
        make_program(start=D(2023, 6, 1), end=D(2033, 1, 1))
    assert _errors(exc) == {
        "start": ["Срок программы — в пределах 2024–2032 годов."],
        "end": ["Срок программы — в пределах 2024–2032 годов."],
    }
    assert Program.objects.count() == 0


def test_program_create_is_audited_with_directions(coordinator):
    from zemlyaki.directions.models import Direction

    culture = Direction.objects.get(code="culture")
    program = make_program(actor=coordinator, directions=[culture])
    assert list(program.directions.all()) == [culture]
    entry = AuditEntry.objects.get(object_type="programs.program", object_id=str(program.pk))
    assert entry.action == "create" and entry.actor == coordinator
    assert entry.after["directions"] == [culture.name]


@pytest.mark.parametrize(
    ("quantity", "unit", "field", "message"),
    [
        ("0", "rub", "quantity", "Количество должно быть больше нуля."),
        ("-5", "rub", "quantity", "Количество должно быть больше нуля."),
        ("100", "hours", "unit", "Для этого вида ресурса допустимы единицы: руб.."),
    ],
)
def test_bad_need_is_refused(quantity, unit, field, message):
    program = make_program()
    with pytest.raises(ValidationError) as exc:
        make_need(program, quantity=quantity, unit=unit)
    assert _errors(exc) == {field: [message]}
    assert ResourceNeed.objects.count() == 0


def test_need_outside_the_program_period():
    program = make_program(start=D(2025, 1, 1), end=D(2025, 12, 31))
    with pytest.raises(ValidationError) as exc:
        make_need(program, start=D(2024, 12, 1), end=D(2025, 3, 1))
    assert _errors(exc) == {"start": ["Дата вне срока программы (01.01.2025 — 31.12.2025)."]}


def test_pledge_unit_must_be_its_needs():
    program = make_program()
    need = make_need(program, kind="premises", quantity="200", unit="sqm")
    with pytest.raises(ValidationError) as exc:
        make_pledge(program, need=need, quantity="10", unit="hours")
    assert _errors(exc) == {"unit": ["Единица должна совпадать с единицей потребности (м²)."]}
    assert Pledge.objects.count() == 0


def test_pledge_has_exactly_one_giver():
    program = make_program()
    with pytest.raises(ValidationError) as exc:
        services.pledge_create(
            actor=None,
            program=program,
            kind="money",
            quantity=Decimal("5"),
            unit="rub",
            stakeholder=make_stakeholder(),
            association=make_association(),
        )
    assert list(_errors(exc)) == ["stakeholder"]


def test_stopped_program_takes_no_pledges():
    program = make_program()
    services.program_stop(actor=None, program=program)
    program.refresh_from_db()
    assert program.status == ProgramStatus.STOPPED
    with pytest.raises(ValidationError) as exc:
        make_pledge(program)
    assert _errors(exc) == {
        "program": ["Программа прекращена: новые обязательства не принимаются."]
    }


def test_pledge_goes_through_its_states_and_every_change_is_audited(coordinator):
    program = make_program()
    need = make_need(program, quantity="1000")
    pledge = make_pledge(program, need=need, quantity="800")
    assert pledge.status == PledgeStatus.PLEDGED
    pledge = services.pledge_transition(actor=coordinator, pledge=pledge, to="confirmed")
    assert pledge.status == "confirmed" and pledge.confirmed_at is not None
    pledge = services.pledge_transition(
        actor=coordinator,
        pledge=pledge,
        to="delivered",
        delivered_quantity=Decimal("500"),
        evidence_url="https://example.org/act-17",
    )
    pledge.refresh_from_db()
    assert (pledge.status, pledge.delivered_quantity, pledge.is_partial) == (
        "delivered",
        Decimal("500.00"),
        True,
    )
    entries = AuditEntry.objects.filter(object_type="programs.pledge").order_by("pk")
    assert [(e.action, e.before.get("status"), e.after.get("status")) for e in entries] == [
        ("create", None, "pledged"),
        ("update", "pledged", "confirmed"),
        ("update", "confirmed", "delivered"),
    ]
    assert entries.last().after["delivered_quantity"] == "500.00"


@pytest.mark.parametrize("start", ["delivered", "withdrawn"])
def test_final_states_move_nowhere(start, coordinator):
    program = make_program()
    pledge = make_pledge(program, quantity="10")
    Pledge.objects.filter(pk=pledge.pk).update(status=start, delivered_quantity=Decimal("10"))
    for to in ("confirmed", "delivered", "withdrawn"):
        with pytest.raises(services.TransitionConflict) as exc:
            services.pledge_transition(actor=coordinator, pledge=pledge, to=to)
        assert exc.value.current == start
    assert Pledge.objects.get(pk=pledge.pk).status == start


def test_pledged_cannot_be_delivered_before_confirmation(coordinator):
    pledge = make_pledge(make_program())
    with pytest.raises(services.TransitionConflict):
        services.pledge_transition(
            actor=coordinator, pledge=pledge, to="delivered", evidence_url="https://e.org/x"
        )
    assert Pledge.objects.get(pk=pledge.pk).status == "pledged"


@pytest.mark.parametrize(
    ("quantity", "url", "errors"),
    [
        ("0", "https://e.org/a", {"delivered_quantity"}),
        ("11", "https://e.org/a", {"delivered_quantity"}),
        ("5", "", {"evidence"}),
    ],
)
def test_delivery_needs_a_quantity_and_evidence(quantity, url, errors, coordinator):
    pledge = make_pledge(make_program(), quantity="10")
    services.pledge_transition(actor=coordinator, pledge=pledge, to="confirmed")
    with pytest.raises(ValidationError) as exc:
        services.pledge_transition(
            actor=coordinator,
            pledge=pledge,
            to="delivered",
            delivered_quantity=Decimal(quantity),
            evidence_url=url,
        )
    assert set(_errors(exc)) == errors
    assert Pledge.objects.get(pk=pledge.pk).status == "confirmed"


def test_program_with_pledges_is_not_deleted_but_can_be_stopped():
    program = make_program()
    make_pledge(program)
    with pytest.raises(ValidationError) as exc:
        services.program_delete(actor=None, program=program)
    assert exc.value.messages == [
        "У программы есть ресурсные обязательства: её нельзя удалить, можно прекратить."
    ]
    assert Program.objects.filter(pk=program.pk).exists()


def test_program_without_pledges_is_deleted_with_its_needs():
    program = make_program()
    make_need(program)
    services.program_delete(actor=None, program=program)
    assert (Program.objects.count(), ResourceNeed.objects.count()) == (0, 0)


def test_program_plan_is_made_once():
    program = make_program(title="Память земляков")
    plan = services.program_plan(actor=None, program=program)
    assert plan.title == "План программы «Память земляков»"
    assert services.program_plan(actor=None, program=program).pk == plan.pk
    program.refresh_from_db()
    assert program.plan_id == plan.pk


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_confirmations_make_one_transition(coordinator):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are real only on PostgreSQL")
    pledge = make_pledge(make_program(), quantity="10")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def confirm():
        from django.db import connections

        try:
            barrier.wait()
            services.pledge_transition(actor=None, pledge=pledge, to="confirmed")
            outcomes.append("moved")
        except services.TransitionConflict as exc:
            outcomes.append(f"conflict:{exc.current}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict:confirmed", "moved"]
    assert AuditEntry.objects.filter(object_type="programs.pledge", action="update").count() == 1
