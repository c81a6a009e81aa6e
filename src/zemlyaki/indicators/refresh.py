"""The refresh of computed actuals: each computed indicator's measure is evaluated for
every year of the strategy up to the current one — for the whole community and, for a
per-association indicator, for each association — and stored as measurements, so that
pages never compute over raw tables while a person waits. Each stored value says when and
from what it was computed. A measure that raises is recorded on its indicator as failed,
with its error, for the control body; the other indicators still refresh.
"""

import datetime
import logging
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


def _years(indicator: Indicator, today: datetime.date) -> list[int]:
    first = indicator.document.period_from or 2024
    last = min(indicator.document.period_to or 2032, today.year)
    return list(range(first, last + 1))


class _Cache:
    """One evaluation of a measure per association and year within one refresh run."""

    def __init__(self) -> None:
        self.values: dict[tuple[str, int | None, int], Number] = {}

    def value(self, name: str, association: Any, year: int) -> Number:
        key = (name, getattr(association, "pk", None), year)
        if key not in self.values:
            measure = measures.get(name)
            if measure is None:
                raise KeyError(f"мера {name!r} не зарегистрирована")
            self.values[key] = measure.compute(association, Period.year(year))
        return self.values[key]


def _store(indicator: Indicator, association: Any, year: int, value: Number, now: Any) -> None:
    amount = Decimal(str(value)).quantize(Decimal("0.01"))
    source = f"{indicator.measure}: {year}" + (f", {association.name}" if association else "")
    Measurement.objects.update_or_create(
        indicator=indicator,
        association=association,
        year=year,
        computed=True,
        defaults={
            "value": amount,
            "computed_from": source[:300],
            "computed_at": now,
            "status": ReviewStatus.ACCEPTED,
        },
    )


def indicator_refresh(
    indicator: Indicator,
    *,
    today: datetime.date | None = None,
    associations: list[Any] | None = None,
    cache: _Cache | None = None,
) -> int:
    """Recompute one indicator's values (in its own transaction); returns how many."""
    today = today or timezone.localdate()
    cache = cache or _Cache()
    now = timezone.now()
    targets: list[Any] = [None]
    if indicator.level == Level.ASSOCIATION:
        targets += associations if associations is not None else list(Association.objects.all())
    count = 0
    with transaction.atomic():
        for year in _years(indicator, today):
            for association in targets:
                _store(
                    indicator,
                    association,
                    year,
                    cache.value(indicator.measure, association, year),
                    now,
                )
                count += 1
        indicator.refreshed_at = now
        indicator.refresh_error = ""
        indicator.save(update_fields=["refreshed_at", "refresh_error"])
    return count


def indicators_refresh(
    *, today: datetime.date | None = None, indicators: Any = None
) -> RefreshResult:
    """Refresh every computed indicator (or those given); failures are recorded, not raised."""
    result = RefreshResult()
    chosen = indicators if indicators is not None else Indicator.objects.all()
    chosen = chosen.filter(source=Source.COMPUTED).select_related("document")
    associations = list(Association.objects.all())
    cache = _Cache()
    for indicator in chosen:
        try:
            result.values += indicator_refresh(
                indicator, today=today, associations=associations, cache=cache
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
