"""Reads of the indicators app: the dashboard, one indicator with its stages, values and
per-association breakdown, the review queue and the public subset.

Pages read only stored values (the refresh stores computed ones), a fixed number of
queries whatever the number of indicators: indicators, directions, targets, stages and
the community's counted values, each in one query.
"""

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from .charts import chart_data
from .forecast import Progress, Status, current_stage_index, progress
from .models import DEFAULT_STAGES, Goal, Indicator, Measurement, ReviewStatus, Stage, Target

Periods = list[tuple[int, int]]


@dataclass
class StageRow:
    number: int
    start_year: int
    end_year: int
    progress: Progress

    @property
    def period(self) -> str:
        return f"{self.start_year}–{self.end_year}"


@dataclass
class IndicatorView:
    indicator: Indicator
    series: dict[int, float]
    targets: dict[int, float]
    stages: list[StageRow]
    current: Progress
    chart: dict[str, Any]
    directions: list[str] = field(default_factory=list)

    @property
    def latest(self) -> tuple[int, float] | None:
        if not self.series:
            return None
        year = max(self.series)
        return year, self.series[year]

    @property
    def baseline(self) -> tuple[int, float] | None:
        i = self.indicator
        if i.baseline_year is None or i.baseline_value is None:
            return None
        return i.baseline_year, float(i.baseline_value)


@dataclass
class Group:
    title: str
    directions: list[tuple[str, list[IndicatorView]]] = field(default_factory=list)


def current_year() -> int:
    return timezone.localdate().year


def default_periods(document: Any) -> Periods:
    first, last = document.period_from or 2024, document.period_to or 2032
    periods = [(s, e) for _n, s, e in DEFAULT_STAGES if first <= s and e <= last]
    return periods or [(first, last)]


def stage_periods(documents: Iterable[Any]) -> dict[int, Periods]:
    """Each document's stages: its own list, or the default 2024–2026, 2027–2029, 2030–2032."""
    documents = {d.pk: d for d in documents}
    found: dict[int, Periods] = defaultdict(list)
    for stage in Stage.objects.filter(document_id__in=documents).order_by("start_year"):
        found[stage.document_id].append((stage.start_year, stage.end_year))
    return {pk: found.get(pk) or default_periods(d) for pk, d in documents.items()}


def community_series(indicator_ids: Iterable[int]) -> dict[int, dict[int, float]]:
    """The counted values of the whole community per indicator and year (the latest
    accepted entry of a year wins over earlier ones)."""
    rows = (
        Measurement.objects.filter(
            indicator_id__in=list(indicator_ids),
            association__isnull=True,
            status=ReviewStatus.ACCEPTED,
        )
        .order_by("indicator_id", "year", "pk")
        .values_list("indicator_id", "year", "value")
    )
    series: dict[int, dict[int, float]] = defaultdict(dict)
    for indicator_id, year, value in rows:
        series[indicator_id][year] = float(value)
    return series


def build_view(
    indicator: Indicator,
    series: dict[int, float],
    targets: dict[int, float],
    periods: Periods,
    year_now: int,
    baseline: tuple[int, float] | None = None,
) -> IndicatorView:
    rows = [
        StageRow(
            n,
            start,
            end,
            progress(
                start_year=start,
                end_year=end,
                series=series,
                targets=targets,
                current_year=year_now,
                higher_is_better=indicator.higher_is_better,
                baseline=baseline,
            ),
        )
        for n, (start, end) in enumerate(periods, start=1)
    ]
    current = rows[current_stage_index(periods, year_now)].progress
    document = indicator.document
    stage_of_now = rows[current_stage_index(periods, year_now)]
    forecast = (
        (stage_of_now.end_year, stage_of_now.progress.forecast)
        if stage_of_now.progress.forecast is not None
        else None
    )
    chart = chart_data(
        first=document.period_from or periods[0][0],
        last=document.period_to or periods[-1][1],
        series=series,
        targets=targets,
        stages=periods,
        forecast=forecast,
        status=current.status,
    )
    return IndicatorView(indicator, series, targets, rows, current, chart)


def _baseline(indicator: Indicator) -> tuple[int, float] | None:
    if indicator.baseline_year is None or indicator.baseline_value is None:
        return None
    return indicator.baseline_year, float(indicator.baseline_value)


def views_of(indicators: QuerySet[Indicator], year_now: int | None = None) -> list[IndicatorView]:
    """Progress of each indicator: the indicators, their targets, directions, stages and
    the community's counted values, in five queries whatever their number (targets and
    directions as plain rows: a prefetch would build a queryset per indicator)."""
    year_now = year_now or current_year()
    chosen = list(indicators.select_related("goal", "document"))
    ids = [i.pk for i in chosen]
    periods = stage_periods({i.document for i in chosen})
    series = community_series(ids)
    targets: dict[int, dict[int, float]] = defaultdict(dict)
    for indicator_id, year, value in Target.objects.filter(indicator_id__in=ids).values_list(
        "indicator_id", "year", "value"
    ):
        targets[indicator_id][year] = float(value)
    directions: dict[int, list[str]] = defaultdict(list)
    links = Indicator.directions.through.objects.filter(indicator_id__in=ids)
    for indicator_id, name in links.values_list("indicator_id", "direction__name"):
        directions[indicator_id].append(name)
    views = []
    for i in chosen:
        view = build_view(i, series.get(i.pk, {}), targets.get(i.pk, {}),
                          periods[i.document_id], year_now, _baseline(i))  # fmt: skip
        view.directions = sorted(directions.get(i.pk, []))
        views.append(view)
    return views


def data_version() -> str:
    """What the dashboard is drawn from, as one cheap aggregate query: the counts and last
    changes of goals, stages, indicators and targets, and the last change of a value (a
    value is only deleted with its indicator). The refresh touches ``updated_at`` only of
    values that changed."""
    from django.db.models import Count, Max

    parts = []
    for model in (Goal, Stage, Indicator, Target):
        row = model.objects.aggregate(n=Count("pk"), at=Max("updated_at"))
        parts.append(f"{row['n']}:{row['at']}")
    row = Measurement.objects.aggregate(at=Max("updated_at"), top=Max("pk"))
    parts.append(f"{row['top']}:{row['at']}")
    return hashlib.sha1("|".join(parts).encode()).hexdigest()


def dashboard(user: Any, year_now: int | None = None) -> list[Group]:
    """Visible indicators grouped by goal, then by their first direction."""
    views = views_of(Indicator.objects.visible_to(user), year_now)
    groups: dict[Any, Group] = {}
    order: list[Any] = []
    for view in sorted(views, key=_goal_order):
        goal = view.indicator.goal
        key = goal.pk if goal else None
        if key not in groups:
            groups[key] = Group(str(goal) if goal else _("Без цели"))
            order.append(key)
        name = view.directions[0] if view.directions else _("Общие показатели")
        for existing, items in groups[key].directions:
            if existing == name:
                items.append(view)
                break
        else:
            groups[key].directions.append((name, [view]))
    return [groups[k] for k in order]


def _goal_order(view: IndicatorView) -> tuple[int, int, str]:
    goal = view.indicator.goal
    return (0 if goal else 1, goal.number if goal else 0, view.indicator.code)


def indicator_view(indicator: Indicator, year_now: int | None = None) -> IndicatorView:
    return views_of(Indicator.objects.filter(pk=indicator.pk), year_now)[0]


def measurements_of(indicator: Indicator, user: Any) -> QuerySet[Measurement]:
    return (
        Measurement.objects.visible_to(user)
        .filter(indicator=indicator)
        .select_related("association", "created_by", "reviewed_by")
        .order_by("-year", "association__name", "-pk")
    )


@dataclass
class AssociationRow:
    rank: int
    association: Any
    actual: float | None
    year: int | None
    progress: Progress


def breakdown(view: IndicatorView, year_now: int | None = None) -> list[AssociationRow]:
    """Per association: the counted values, progress in the current stage, and a ranking
    (better first; equal values share a place)."""
    indicator = view.indicator
    year_now = year_now or current_year()
    rows = (
        Measurement.objects.filter(
            indicator=indicator, association__isnull=False, status=ReviewStatus.ACCEPTED
        )
        .order_by("association_id", "year", "pk")
        .values_list("association_id", "year", "value")
    )
    series: dict[int, dict[int, float]] = defaultdict(dict)
    for association_id, year, value in rows:
        series[association_id][year] = float(value)
    if not series:
        return []
    from zemlyaki.registry.models import Association

    names = Association.objects.in_bulk(list(series))
    periods = [(r.start_year, r.end_year) for r in view.stages]
    start, end = periods[current_stage_index(periods, year_now)]
    result = []
    for association_id, values in series.items():
        stage = progress(
            start_year=start,
            end_year=end,
            series=values,
            targets=view.targets,
            current_year=year_now,
            higher_is_better=indicator.higher_is_better,
        )
        result.append(
            AssociationRow(0, names.get(association_id), stage.actual, stage.actual_year, stage)
        )
    sign = -1 if indicator.higher_is_better else 1
    result.sort(key=lambda r: (r.actual is None, sign * (r.actual or 0), str(r.association)))
    place, previous = 0, object()
    for index, row in enumerate(result, start=1):
        if row.actual != previous:
            place, previous = index, row.actual
        row.rank = place
    return result


def pending_entries(user: Any) -> QuerySet[Measurement]:
    return (
        Measurement.objects.visible_to(user)
        .filter(status=ReviewStatus.PENDING, computed=False)
        .select_related("indicator", "association", "created_by")
        .order_by("created_at", "pk")
    )


def review_queue(user: Any, year_now: int | None = None) -> dict[str, Any]:
    """What the control body attends to: entries waiting, indicators at risk or behind,
    and measures that failed to compute."""
    views = views_of(Indicator.objects.visible_to(user), year_now)
    return {
        "pending": list(pending_entries(user)),
        "at_risk": [v for v in views if v.current.status in (Status.RISK, Status.BEHIND)],
        "failed": [v.indicator for v in views if v.indicator.refresh_error],
        "returned": list(
            Measurement.objects.visible_to(user)
            .filter(status=ReviewStatus.RETURNED, computed=False)
            .select_related("indicator", "association", "created_by")
            .order_by("-reviewed_at")
        ),
    }


def public_indicators(year_now: int | None = None) -> list[IndicatorView]:
    """The public subset for the public site: indicators marked public with their counted
    values, targets and status — no authors, remarks or evidence (no personal data)."""
    return views_of(Indicator.objects.filter(public=True), year_now)
