"""Progress of an indicator within a stage: the actual to date, the target, the share of
the way from the baseline, a linear forecast to the stage's end and a status.

The forecast is a straight line fitted by least squares through the yearly values known so
far (the baseline counts as one of them); it needs values of at least two different years.
Pure functions over numbers, so that the rules are tested on constructed series.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

METHOD = _(
    "Линейный прогноз: прямая по методу наименьших квадратов через годовые значения "
    "(базовое значение и факты), продолженная до последнего года этапа; нужны значения "
    "не менее чем двух лет."
)


class Status(models.TextChoices):
    ON_TRACK = "on_track", _("в графике")
    RISK = "risk", _("риск")
    BEHIND = "behind", _("отставание")
    ACHIEVED = "achieved", _("достигнуто")
    NO_DATA = "no_data", _("нет данных")


LABELS = dict(Status.choices)
Number = float | int | Decimal


@dataclass(frozen=True)
class Progress:
    start_year: int
    end_year: int
    target: float | None
    actual: float | None
    actual_year: int | None
    share: float | None  # of the way from the baseline to the target; 1.0 is reached
    forecast: float | None
    status: str

    @property
    def status_label(self) -> str:
        return str(LABELS.get(self.status, self.status))

    @property
    def percent(self) -> int | None:
        return None if self.share is None else round(100 * self.share)


def linear_forecast(points: Mapping[int, Number], year: int) -> float | None:
    """The least-squares line through ``{year: value}`` evaluated at ``year``; None with
    fewer than two years."""
    if len(points) < 2:
        return None
    xs = [float(x) for x in points]
    ys = [float(v) for v in points.values()]
    n = len(xs)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    spread = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    return round(mean_y + slope * (year - mean_x), 2)


def _meets(value: float, target: float, higher_is_better: bool) -> bool:
    return value >= target if higher_is_better else value <= target


def stage_target(targets: Mapping[int, Number], start_year: int, end_year: int) -> float | None:
    """The target of a stage: the one of its last year, else the latest one within it."""
    within = [year for year in targets if start_year <= year <= end_year]
    return float(targets[max(within)]) if within else None


def progress(
    *,
    start_year: int,
    end_year: int,
    series: Mapping[int, Number],
    targets: Mapping[int, Number],
    current_year: int,
    higher_is_better: bool = True,
    baseline: tuple[int, Number] | None = None,
) -> Progress:
    """The progress of one stage from the yearly values ``series`` (counted values only)."""
    target = stage_target(targets, start_year, end_year)
    known = {year: float(v) for year, v in series.items() if year <= end_year}
    actual_year = max(known) if known else None
    actual = known[actual_year] if actual_year is not None else None
    points = dict(known)
    if baseline is not None and baseline[0] not in points and baseline[0] <= end_year:
        points[baseline[0]] = float(baseline[1])
    forecast = linear_forecast(points, end_year)
    base = float(baseline[1]) if baseline is not None else 0.0
    share = None
    if target is not None and actual is not None and target != base:
        share = round((actual - base) / (target - base), 4)

    def result(status: Status) -> Progress:
        return Progress(start_year, end_year, target, actual, actual_year, share, forecast, status)

    if target is None or actual is None:
        return result(Status.NO_DATA)
    if _meets(actual, target, higher_is_better):
        return result(Status.ACHIEVED)
    if end_year < current_year:
        return result(Status.BEHIND)  # the stage is over and its target was not reached
    for year, value in targets.items():
        # A yearly target within the stage whose year is over and was missed.
        due = start_year <= year < current_year and year in known
        if due and not _meets(known[year], float(value), higher_is_better):
            return result(Status.BEHIND)
    if forecast is not None:
        return result(
            Status.ON_TRACK if _meets(forecast, target, higher_is_better) else Status.RISK
        )
    return result(Status.NO_DATA)


def current_stage_index(stages: list[tuple[int, int]], current_year: int) -> int:
    """The stage the year falls in; the last one after the strategy, the first before it."""
    for index, (start, end) in enumerate(stages):
        if start <= current_year <= end:
            return index
    if stages and current_year > stages[-1][1]:
        return len(stages) - 1
    return 0
