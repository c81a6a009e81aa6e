"""The refresh of computed actuals: each computed indicator's measure is evaluated for
every year of the strategy up to the current one — for the whole community and, for a
per-association indicator, for each association — and stored as measurements, so that
pages never compute over raw tables while a person waits. Each stored value says when and
from what it was computed. A measure that raises is recorded on its indicator as failed,
with its error, for the control body; the other indicators still refresh.
"""

import datetime
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from zemlyaki.core.registries import Number, Period, measures
from zemlyaki.registry.models import Association

from .models import Indicator, Level, Measurement, ReviewStatus, Source

log = logging.getLogger(__name__)


@dataclass
class RefreshResult:
    refreshed: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    values: int = 0


def _years(indicator: Indicator, today: datetime.date, all_years: bool) -> list[int]:
    """The years to compute: every year of the strategy up to the current one with
    ``all_years``; otherwise the current and the previous year (late data — reports,
    imported lists — still arrive for it) and any earlier year not stored yet."""
    first = indicator.document.period_from or 2024
    last = min(indicator.document.period_to or 2032, today.year)
    years = list(range(first, last + 1))
    if all_years:
        return years
    stored = set(
        Measurement.objects.filter(
            indicator=indicator, computed=True, association__isnull=True
        ).values_list("year", flat=True)
    )
    return [y for y in years if y >= today.year - 1 or y not in stored]


class _Cache:
    """One evaluation of a measure per association and year within one refresh run; a
    measure that answers for every association at once is asked once per year."""

    def __init__(self) -> None:
        self.values: dict[tuple[str, int | None, int], Number] = {}
        self.grouped: dict[tuple[str, int], Mapping[Any, Number]] = {}

    def measure(self, name: str) -> Any:
        measure = measures.get(name)
        if measure is None:
            raise KeyError(f"мера {name!r} не зарегистрирована")
        return measure

    def value(self, name: str, association: Any, year: int) -> Number:
        measure = self.measure(name)
        if association is not None and measure.by_association is not None:
            if (name, year) not in self.grouped:
                self.grouped[(name, year)] = measure.by_association(Period.year(year))
            return self.grouped[(name, year)].get(association.pk, 0)
        key = (name, getattr(association, "pk", None), year)
        if key not in self.values:
            self.values[key] = measure.compute(association, Period.year(year))
        return self.values[key]


def _amount(value: Number) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def indicator_refresh(
    indicator: Indicator,
    *,
    today: datetime.date | None = None,
    associations: list[Any] | None = None,
    cache: _Cache | None = None,
    all_years: bool = False,
) -> int:
    """Recompute one indicator's values and store them in one transaction (rows already
    there are updated in bulk, new ones created in bulk); returns how many values."""
    today = today or timezone.localdate()
    cache = cache or _Cache()
    now = timezone.now()
    targets: list[Any] = [None]
    if indicator.level == Level.ASSOCIATION:
        targets += associations if associations is not None else list(Association.objects.all())
    fresh: dict[tuple[int | None, int], tuple[Decimal, str]] = {}
    for year in _years(indicator, today, all_years):
        for association in targets:
            value = cache.value(indicator.measure, association, year)
            source = f"{indicator.measure}: {year}" + (
                f", {association.name}" if association else ""
            )
            fresh[(getattr(association, "pk", None), year)] = (_amount(value), source[:300])
    with transaction.atomic():
        existing = {
            (m.association_id, m.year): m
            for m in Measurement.objects.filter(indicator=indicator, computed=True).only(
                "pk", "association_id", "year", "value", "computed_from", "status"
            )
        }
        changed, created, same = [], [], []
        for (association_id, year), (amount, source) in fresh.items():
            row = existing.get((association_id, year))
            if row is None:
                row = Measurement(indicator=indicator, association_id=association_id, year=year,
                                  computed=True)  # fmt: skip
                created.append(row)
            elif (row.value, row.computed_from, row.status) == (amount, source, "accepted"):
                same.append(row.pk)  # only the time of computing moves
                continue
            else:
                changed.append(row)
            row.value, row.computed_from, row.computed_at = amount, source, now
            row.status = ReviewStatus.ACCEPTED
            row.updated_at = now
        fields = ["value", "computed_from", "computed_at", "status", "updated_at"]
        Measurement.objects.bulk_update(changed, fields, batch_size=2000)
        Measurement.objects.filter(pk__in=same).update(computed_at=now)
        Measurement.objects.bulk_create(created, batch_size=2000)
        indicator.refreshed_at = now
        indicator.refresh_error = ""
        indicator.save(update_fields=["refreshed_at", "refresh_error"])
    return len(fresh)


def indicators_refresh(
    *, today: datetime.date | None = None, indicators: Any = None, all_years: bool = False
) -> RefreshResult:
    """Refresh every computed indicator (or those given); failures are recorded, not raised.
    The daily run recomputes the current and the previous year (and fills missing ones);
    ``all_years`` recomputes every year of the strategy."""
    result = RefreshResult()
    chosen = indicators if indicators is not None else Indicator.objects.all()
    chosen = chosen.filter(source=Source.COMPUTED).select_related("document")
    associations = list(Association.objects.all())
    cache = _Cache()
    for indicator in chosen:
        try:
            result.values += indicator_refresh(
                indicator,
                today=today,
                associations=associations,
                cache=cache,
                all_years=all_years,
            )
        except Exception as error:  # noqa: BLE001 — any measure may fail; record it
            log.warning("indicator %s failed to refresh: %s", indicator.code, error)
            message = f"{type(error).__name__}: {error}"[:2000]
            Indicator.objects.filter(pk=indicator.pk).update(
                refresh_error=message, refreshed_at=timezone.now()
            )
            result.failed[indicator.code] = message
        else:
            result.refreshed.append(indicator.code)
    return result
