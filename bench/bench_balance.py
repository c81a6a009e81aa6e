"""The strategy's resource balance over 10 000 programs and 200 000 pledges, next to one
bare aggregate query over the same pledges (SUM grouped by kind and unit), measured in
the same run.

The balance adds up the programs' stored cells (one row per program, kind and unit, kept
in step by the services; ``programs/cells.py``) instead of scanning every pledge; the goal
is a median of at most 100 ms, printed beside the bare query over the pledges themselves.
The data is loaded in bulk, past the services, so the cells are rebuilt once after it. PostgreSQL is required:
the database ``bench_balance`` on the local server, or BENCH_DATABASE_URL (a database
named bench…), created afresh.
BENCH_PROGRAMS, BENCH_PLEDGES, BENCH_ROUNDS override the sizes.
"""

import datetime
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from bench.support.harness import django_on_fresh_postgres  # noqa: E402

django_on_fresh_postgres("bench_balance")

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

PROGRAMS = int(os.environ.get("BENCH_PROGRAMS", "10000"))
PLEDGES = int(os.environ.get("BENCH_PLEDGES", "200000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "7"))


def generate() -> None:
    from zemlyaki.programs.models import Pledge, Program, ResourceNeed
    from zemlyaki.programs.units import ALLOWED_UNITS
    from zemlyaki.registry.models import Stakeholder

    rng = random.Random(12)
    givers = Stakeholder.objects.bulk_create(
        [Stakeholder(kind="business", name=f"Фонд {n}") for n in range(200)]
    )
    programs = Program.objects.bulk_create(
        [
            Program(
                title=f"Программа {n}",
                start=datetime.date(2025, 1, 1),
                end=datetime.date(2030, 12, 31),
            )
            for n in range(PROGRAMS)
        ],
        batch_size=2000,
    )
    kinds = list(ALLOWED_UNITS)
    needs = []
    for program in programs:
        for kind in rng.sample(kinds, 3):
            needs.append(
                ResourceNeed(
                    program=program,
                    kind=kind,
                    unit=ALLOWED_UNITS[kind][0],
                    quantity=Decimal(rng.randint(10, 100000)),
                )
            )
    needs = ResourceNeed.objects.bulk_create(needs, batch_size=5000)
    statuses = ["pledged", "confirmed", "delivered", "withdrawn"]
    pledges = []
    for _ in range(PLEDGES):
        need = rng.choice(needs)
        status = rng.choice(statuses)
        quantity = Decimal(rng.randint(1, 50000))
        pledges.append(
            Pledge(
                program_id=need.program_id,
                need=need,
                stakeholder=rng.choice(givers),
                kind=need.kind,
                unit=need.unit,
                quantity=quantity,
                status=status,
                delivered_quantity=quantity if status == "delivered" else None,
            )
        )
    Pledge.objects.bulk_create(pledges, batch_size=5000)
    from zemlyaki.programs.cells import rebuild_all

    rebuild_all()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    call_command("migrate", "--noinput", verbosity=0)
    started = time.perf_counter()
    generate()
    print(
        f"данные: {PROGRAMS} программ, {PLEDGES} обязательств за {time.perf_counter() - started:.1f} с"
    )
    from zemlyaki.programs.balance import balance_of_strategy

    def bare() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT kind, unit, SUM(quantity) FROM programs_pledge GROUP BY kind, unit"
            )
            cursor.fetchall()

    def full() -> None:
        balance_of_strategy()

    full(), bare()  # warm-up
    bare_times, full_times = [], []
    for _ in range(ROUNDS):
        bare_times.append(timed(bare))
        full_times.append(timed(full))
    b, f = statistics.median(bare_times), statistics.median(full_times)
    print(f"голый агрегатный запрос: медиана {b * 1000:.1f} мс")
    print(f"баланс всей стратегии:   медиана {f * 1000:.1f} мс")
    print(f"отношение: {f / b:.2f}; цель — медиана ≤ 100 мс: {'да' if f <= 0.1 else 'НЕТ'}")


if __name__ == "__main__":
    main()
