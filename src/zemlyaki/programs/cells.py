"""The stored balance of each program, one cell per kind of resource and unit.

Every service that writes a need or a pledge calls ``refresh_program`` in its own
transaction. It locks the program's row first, so two writers to one program take
turns, and it recomputes the program's cells from the program's own rows — a handful
of rows, so the cells are exact rather than added up step by step and cannot drift.
``rebuild_all`` recomputes every program, after a bulk load that bypassed the services."""

from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum

from .models import BalanceCell, Pledge, PledgeStatus, Program, ResourceNeed

ZERO = Decimal("0.00")
ACTIVE = (PledgeStatus.PLEDGED, PledgeStatus.CONFIRMED, PledgeStatus.DELIVERED)
CELL_FIGURES = ("needed", "pledged", "confirmed", "waiting", "delivered")


def pledge_sums() -> dict[str, Any]:
    """The four pledge figures of a group of pledges, as aggregate expressions."""
    return {
        "pledged": Sum("quantity", filter=Q(status__in=ACTIVE)),
        "confirmed": Sum(
            "quantity", filter=Q(status__in=(PledgeStatus.CONFIRMED, PledgeStatus.DELIVERED))
        ),
        "waiting": Sum("quantity", filter=Q(status=PledgeStatus.CONFIRMED)),
        "delivered": Sum("delivered_quantity", filter=Q(status=PledgeStatus.DELIVERED)),
    }


def _cells_of(program_ids: list[int]) -> list[BalanceCell]:
    cells: dict[tuple[int, str, str], BalanceCell] = {}

    def cell(program_id: int, kind: str, unit: str) -> BalanceCell:
        key = (program_id, kind, unit)
        if key not in cells:
            cells[key] = BalanceCell(program_id=program_id, kind=kind, unit=unit)
        return cells[key]

    needs = (
        ResourceNeed.objects.filter(program_id__in=program_ids)
        .order_by()
        .values("program_id", "kind", "unit")
        .annotate(total=Sum("quantity"))
    )
    for row in needs:
        cell(row["program_id"], row["kind"], row["unit"]).needed = row["total"] or ZERO
    pledges = (
        Pledge.objects.filter(program_id__in=program_ids)
        .order_by()
        .values("program_id", "kind", "unit")
        .annotate(**pledge_sums())
    )
    for row in pledges:
        target = cell(row["program_id"], row["kind"], row["unit"])
        for name in ("pledged", "confirmed", "waiting", "delivered"):
            setattr(target, name, row[name] or ZERO)
    return list(cells.values())


def refresh_program(program_id: int) -> None:
    """Recompute one program's cells; call inside the transaction that changed its needs
    or pledges."""
    list(Program.objects.select_for_update().filter(pk=program_id).values_list("pk"))
    BalanceCell.objects.filter(program_id=program_id).delete()
    BalanceCell.objects.bulk_create(_cells_of([program_id]))


def rebuild_all(batch: int = 2000) -> int:
    """Recompute every program's cells; returns the number of cells written."""
    BalanceCell.objects.all().delete()
    written = 0
    ids = list(Program.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        cells = _cells_of(ids[start : start + batch])
        BalanceCell.objects.bulk_create(cells, batch_size=5000)
        written += len(cells)
    return written
