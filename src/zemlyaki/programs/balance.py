"""Needed against pledged, confirmed and delivered, per kind of resource and unit.

Figures are never added across units. For each (kind, unit):

- ``needed`` — the sum of the needs;
- ``pledged`` — every pledge not withdrawn (обещано, подтверждено, выполнено);
- ``confirmed`` — pledges confirmed or delivered, by their pledged quantity;
- ``delivered`` — the quantity actually handed over by delivered pledges;
- ``gap`` — what is not covered: ``needed`` less the confirmed pledges still to be
  delivered and the quantities delivered (a partly delivered pledge covers only what
  came), never below zero;
- ``over`` — pledged more than needed.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from .cells import ACTIVE, CELL_FIGURES, ZERO, pledge_sums
from .models import BalanceCell, Pledge, PledgeStatus, Program, ResourceNeed
from .units import ResourceKind, Unit

CENT = Decimal("0.01")


def _q(value: Decimal | None) -> Decimal:
    """The same figure on SQLite and PostgreSQL: two decimal places."""
    return (value or ZERO).quantize(CENT)


def _table(
    needs: QuerySet[ResourceNeed] | None, pledges: QuerySet[Pledge]
) -> dict[tuple[str, str], dict[str, Decimal]]:
    """The figures per (kind, unit) straight from the needs and pledges themselves."""
    table: dict[tuple[str, str], dict[str, Decimal]] = {}
    if needs is not None:
        for r in needs.order_by().values("kind", "unit").annotate(total=Sum("quantity")):
            _row(table, r["kind"], r["unit"])["needed"] = _q(r["total"])
    for r in pledges.order_by().values("kind", "unit").annotate(**pledge_sums()):
        _fill(_row(table, r["kind"], r["unit"]), r)
    return table


def _cells_table(cells: QuerySet[BalanceCell]) -> dict[tuple[str, str], dict[str, Decimal]]:
    """The same figures added up from the programs' stored cells."""
    table: dict[tuple[str, str], dict[str, Decimal]] = {}
    sums = {name: Sum(name) for name in CELL_FIGURES}
    for r in cells.order_by().values("kind", "unit").annotate(**sums):
        target = _row(table, r["kind"], r["unit"])
        target["needed"] = _q(r["needed"])
        _fill(target, r)
    return table


def _row(
    table: dict[tuple[str, str], dict[str, Decimal]], kind: str, unit: str
) -> dict[str, Decimal]:
    return table.setdefault(
        (kind, unit),
        {"needed": ZERO, "pledged": ZERO, "confirmed": ZERO, "delivered": ZERO, "covered": ZERO},
    )


def _fill(target: dict[str, Decimal], r: dict[str, Any]) -> None:
    target["pledged"] = _q(r["pledged"])
    target["confirmed"] = _q(r["confirmed"])
    target["delivered"] = _q(r["delivered"])
    target["covered"] = _q(r["waiting"]) + target["delivered"]


def _rows(
    table: dict[tuple[str, str], dict[str, Decimal]], with_needs: bool = True
) -> list[dict[str, Any]]:
    kinds = list(ResourceKind.values)
    units = list(Unit.values)
    result = []
    for (kind, unit), f in sorted(
        table.items(), key=lambda item: (kinds.index(item[0][0]), units.index(item[0][1]))
    ):
        if not any(f.values()):
            continue
        gap = max(f["needed"] - f["covered"], ZERO) if with_needs else None
        result.append(
            {
                "kind": kind,
                "kind_name": str(ResourceKind(kind).label),
                "unit": unit,
                "unit_name": str(Unit(unit).label),
                "needed": f["needed"] if with_needs else None,
                "pledged": f["pledged"],
                "confirmed": f["confirmed"],
                "delivered": f["delivered"],
                "gap": gap,
                "over": with_needs and f["pledged"] > f["needed"],
            }
        )
    return result


def balance_from_rows(programs: QuerySet[Program]) -> list[dict[str, Any]]:
    """The balance computed from the needs and pledges themselves, not from the stored
    cells: what the cells must always agree with (tests and checks use it)."""
    ids = programs.values("pk")
    return _rows(
        _table(ResourceNeed.objects.filter(program__in=ids), Pledge.objects.filter(program__in=ids))
    )


def balance_of_programs(programs: QuerySet[Program]) -> list[dict[str, Any]]:
    """The balance of a set of programs (one program, a direction's, an association's,
    the whole strategy's)."""
    return _rows(_cells_table(BalanceCell.objects.filter(program__in=programs.values("pk"))))


def balance_of_strategy() -> list[dict[str, Any]]:
    """The balance of every program: the stored cells added up, no filter to join on."""
    return _rows(_cells_table(BalanceCell.objects.all()))


def balance_of_program(program: Program) -> list[dict[str, Any]]:
    return _rows(_cells_table(BalanceCell.objects.filter(program=program)))


def balance_of_pledges(pledges: QuerySet[Pledge]) -> list[dict[str, Any]]:
    """What a stakeholder (or an association as a giver) pledged: no ``needed``, no gap."""
    return _rows(_table(None, pledges), with_needs=False)


def need_rows(program: Program, today: datetime.date | None = None) -> list[dict[str, Any]]:
    """Each need of a program with its pledges' figures and flags: ``over`` (pledged more
    than needed) and ``overdue`` (its date has passed without a confirmed pledge)."""
    today = today or timezone.localdate()
    needs = list(
        ResourceNeed.objects.filter(program=program)
        .annotate(
            pledged=Sum("pledges__quantity", filter=Q(pledges__status__in=ACTIVE)),
            confirmed=Sum(
                "pledges__quantity",
                filter=Q(pledges__status__in=(PledgeStatus.CONFIRMED, PledgeStatus.DELIVERED)),
            ),
            delivered=Sum(
                "pledges__delivered_quantity", filter=Q(pledges__status=PledgeStatus.DELIVERED)
            ),
        )
        .order_by("kind", "id")
    )
    rows = []
    for need in needs:
        pledged = _q(need.pledged)  # type: ignore[attr-defined]  # annotated by the selector
        confirmed = _q(need.confirmed)  # type: ignore[attr-defined]  # annotated by the selector
        rows.append(
            {
                "need": need,
                "pledged": pledged,
                "confirmed": confirmed,
                "delivered": _q(need.delivered),  # type: ignore[attr-defined]  # annotated by the selector
                "over": pledged > need.quantity,
                "overdue": bool(need.needed_by and need.needed_by < today and not confirmed),
            }
        )
    return rows
