"""Indicators: the dashboard page over 100 indicators × 100 associations × 9 years of
measurements, and the refresh of every computed indicator over 1 000 000 persons and
200 000 events — each next to one bare query of the same data, measured in the same run.

Goals: the dashboard ≤ 150 ms median, the refresh ≤ 60 s (PostgreSQL: the
database ``bench_indicators`` on the local server, or BENCH_DATABASE_URL, a database named
bench…, created afresh). Smaller runs:
BENCH_INDICATORS, BENCH_ASSOCIATIONS, BENCH_YEARS, BENCH_PERSONS, BENCH_EVENTS,
BENCH_ROUNDS (e.g. BENCH_PERSONS=50000 BENCH_EVENTS=10000 for a quick look).
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

django_on_fresh_postgres("bench_indicators")

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

INDICATORS = int(os.environ.get("BENCH_INDICATORS", "100"))
ASSOCIATIONS = int(os.environ.get("BENCH_ASSOCIATIONS", "100"))
YEARS = int(os.environ.get("BENCH_YEARS", "9"))
PERSONS = int(os.environ.get("BENCH_PERSONS", "1000000"))
EVENTS = int(os.environ.get("BENCH_EVENTS", "200000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "7"))


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def medians(bare, full, rounds: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    full(), bare()  # warm-up
    bare_times, full_times = [], []
    for _ in range(rounds):
        bare_times.append(timed(bare))
        full_times.append(timed(full))
    return statistics.median(bare_times), statistics.median(full_times)


def make_document():  # type: ignore[no-untyped-def]
    from zemlyaki.strategy.services import document_create

    return document_create(actor=None, title="Стратегия", period_from=2024, period_to=2032,
                           with_sections=False)  # fmt: skip


def dashboard_data(document) -> None:  # type: ignore[no-untyped-def]
    from zemlyaki.indicators.models import Goal, Indicator, Measurement, Target
    from zemlyaki.registry.models import Association

    rng = random.Random(13)
    goals = Goal.objects.bulk_create(
        [Goal(document=document, number=n, title=f"Цель {n}") for n in range(1, 7)]
    )
    indicators = Indicator.objects.bulk_create(
        [
            Indicator(document=document, code=f"Д{n}", name=f"Показатель {n}", unit="шт.",
                      goal=goals[n % 6], level="association", source="entered", order=n)
            for n in range(INDICATORS)
        ]
    )  # fmt: skip
    Target.objects.bulk_create(
        [Target(indicator=i, year=y, value=Decimal(100 * k)) for i in indicators
         for k, y in enumerate((2026, 2029, 2032), start=1)]
    )  # fmt: skip
    associations = list(Association.objects.all()[:ASSOCIATIONS])
    rows = []
    for indicator in indicators:
        for year in range(2024, 2024 + YEARS):
            for association in [None, *associations]:
                rows.append(
                    Measurement(indicator=indicator, association=association, year=year,
                                value=Decimal(rng.randint(0, 400)), status="accepted")
                )  # fmt: skip
    Measurement.objects.bulk_create(rows, batch_size=10_000)


def bench_dashboard() -> None:
    from django.conf import settings
    from django.test import Client

    from zemlyaki.accounts.services import user_create

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    user = user_create(username="bench-coordinator", role="coordinator")
    client = Client()
    client.force_login(user)

    def full() -> None:
        response = client.get("/indicators/")
        assert response.status_code == 200, response.status_code

    def bare() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT i.id, i.code, i.name, m.year, m.value FROM indicators_measurement m "
                "JOIN indicators_indicator i ON i.id = m.indicator_id "
                "WHERE m.association_id IS NULL AND m.status = 'accepted'"
            )
            cursor.fetchall()

    def redraw() -> None:
        from django.core.cache import cache

        cache.clear()  # as after a change of the data: the cards are drawn again
        full()

    b, f = medians(bare, full, ROUNDS)
    _b, r = medians(bare, redraw, ROUNDS)
    from zemlyaki.indicators.models import Measurement

    print(f"показателей {INDICATORS}, землячеств {ASSOCIATIONS}, лет {YEARS}: "
          f"значений {Measurement.objects.count()}")  # fmt: skip
    print(f"голый запрос значений сообщества: медиана {b * 1000:.1f} мс")
    print(
        f"страница показателей:            медиана {f * 1000:.1f} мс (цель ≤ 150 мс), "
        f"отношение {f / b:.1f}"
    )
    print(
        f"  она же сразу после изменения данных (карточки рисуются заново): медиана "
        f"{r * 1000:.1f} мс, отношение {r / b:.1f}"
    )


def refresh_data(document) -> None:  # type: ignore[no-untyped-def]
    from zemlyaki.events.models import Event, Registration
    from zemlyaki.indicators.models import Indicator
    from zemlyaki.people.models import Person

    started = time.perf_counter()
    call_command("gen-data", people=PERSONS, verbosity=0)
    rng = random.Random(14)
    first = datetime.datetime(1992, 1, 1, 12, tzinfo=datetime.UTC)
    span = (timezone.now() - first).days
    for start in range(0, EVENTS, 20_000):
        Event.objects.bulk_create(
            [Event(kind="other", title=f"Мероприятие {n}", status="held",
                   starts_at=first + datetime.timedelta(days=rng.randint(0, span)))
             for n in range(start, min(start + 20_000, EVENTS))],
            batch_size=5000,
        )  # fmt: skip
    events = list(Event.objects.values_list("pk", flat=True))
    low, high = Person.objects.order_by("pk").values_list("pk", flat=True)[:1][0], Person.objects.order_by("-pk").values_list("pk", flat=True)[:1][0]  # fmt: skip
    now = timezone.now()
    for start in range(0, EVENTS, 20_000):
        Registration.objects.bulk_create(
            [Registration(event_id=rng.choice(events), person_id=rng.randint(low, high),
                          name="Участник", email=f"r{n}@example.org", email_key=f"r{n}",
                          token_hash=f"{n:064d}", status="confirmed",
                          attended_at=now if rng.random() < 0.8 else None)
             for n in range(start, min(start + 20_000, EVENTS))],
            batch_size=5000,
        )  # fmt: skip
    from zemlyaki.core.registries import measures

    per_association = {"people.members", "people.active", "events.held", "reports.submitted",
                       "standard.score"}  # fmt: skip
    Indicator.objects.bulk_create(
        [Indicator(document=document, code=f"В{n}", name=m.name, unit=str(m.unit),
                   source="computed", measure=m.name,
                   level="association" if m.name in per_association else "community")
         for n, m in enumerate(measures)]
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"данные: {PERSONS} участников, {EVENTS} мероприятий и регистраций "
          f"за {time.perf_counter() - started:.1f} с")  # fmt: skip


def bench_refresh() -> None:
    from zemlyaki.indicators.models import Indicator
    from zemlyaki.indicators.refresh import indicators_refresh

    def bare() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT m.association_id, COUNT(DISTINCT m.person_id) FROM people_membership m "
                "JOIN people_person p ON p.id = m.person_id WHERE p.erased_at IS NULL "
                "GROUP BY m.association_id"
            )
            cursor.fetchall()

    computed = Indicator.objects.filter(source="computed")
    bare_time = statistics.median(timed(bare) for _ in range(3))
    runs = {}
    for label, all_years in (("первое (все годы)", True), ("ежедневное", False)):
        started = time.perf_counter()
        result = indicators_refresh(indicators=computed, all_years=all_years)
        runs[label] = (time.perf_counter() - started, result)
    print(f"голый запрос членства по землячествам: {bare_time:.2f} с")
    for label, (seconds, result) in runs.items():
        print(f"вычисление, {label}: {len(result.refreshed)} показателей, {result.values} "
              f"значений, с ошибкой {len(result.failed)} — {seconds:.1f} с (цель ≤ 60 с), "
              f"отношение {seconds / bare_time:.0f}")  # fmt: skip
        for code, error in result.failed.items():
            print(f"  {code}: {error}")


def main() -> None:
    call_command("migrate", "--noinput", verbosity=0)
    call_command("gen-data", associations=ASSOCIATIONS, verbosity=0)
    document = make_document()
    dashboard_data(document)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    bench_dashboard()
    refresh_data(document)
    bench_refresh()


if __name__ == "__main__":
    main()
