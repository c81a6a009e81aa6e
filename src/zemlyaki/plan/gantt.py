"""Layout of a Gantt chart: bars, dependency arrows, the time axis and today's line.

Only geometry is computed here; the template ``plan/partials/_gantt.svg`` draws it.
A task has a deadline and, optionally, a start. Without a start its bar begins when the
tasks it depends on are due (or the item above, in a numbered list), or two weeks
before its deadline.
"""

import datetime
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

LABEL_WIDTH = 330
CHART_WIDTH = 770
ROW_HEIGHT = 30
BAR_HEIGHT = 16
AXIS_HEIGHT = 44
DEFAULT_SPAN = datetime.timedelta(days=14)
MIN_BAR = 6


@dataclass
class Bar:
    task_id: int
    number: str
    title: str
    row: int
    y: float
    label_y: float
    status: str
    status_label: str
    due: datetime.date | None
    start: datetime.date | None = None
    x: float = 0
    width: float = 0
    has_problem: bool = False

    @property
    def has_bar(self) -> bool:
        return self.due is not None

    @property
    def end_x(self) -> float:
        return self.x + self.width

    @property
    def mid_y(self) -> float:
        return self.y + BAR_HEIGHT / 2


@dataclass
class Arrow:
    source: int
    target: int
    path: str
    implicit: bool
    slip: bool


@dataclass
class Tick:
    x: float
    label: str


@dataclass
class Gantt:
    width: int
    height: int
    label_width: int
    bars: list[Bar] = field(default_factory=list)
    arrows: list[Arrow] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    today: datetime.date | None = None
    today_x: float | None = None
    first: datetime.date | None = None
    last: datetime.date | None = None


def _months(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months = []
    current = datetime.date(first.year, first.month, 1)
    if current < first:
        current = _next_month(current)
    while current <= last:
        months.append(current)
        current = _next_month(current)
    return months


def _next_month(day: datetime.date) -> datetime.date:
    return datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def build_gantt(
    tasks: Sequence[Any],
    *,
    today: datetime.date,
    dependencies: dict[int, list[int]],
    problem_ids: AbstractSet[int] = frozenset(),
) -> Gantt:
    """``tasks`` in plan order (objects with id, number, short_title, start_date, due_date,
    status, get_status_display(), follows_previous); ``dependencies``: task id → ids it
    depends on."""
    by_id = {t.id: t for t in tasks}
    starts: dict[int, datetime.date] = {}
    previous: Any = None
    for task in tasks:
        due = task.due_date
        if due is None:
            previous = task
            continue
        candidates = [
            by_id[d].due_date
            for d in dependencies.get(task.id, [])
            if d in by_id and by_id[d].due_date is not None and by_id[d].due_date < due
        ]
        if (
            task.follows_previous
            and previous is not None
            and previous.due_date is not None
            and previous.due_date < due
        ):
            candidates.append(previous.due_date)
        if task.start_date and task.start_date <= due:
            starts[task.id] = task.start_date
        elif candidates:
            starts[task.id] = max(candidates)
        else:
            starts[task.id] = due - DEFAULT_SPAN
        previous = task

    dated = [t for t in tasks if t.due_date is not None]
    points = [today, *(t.due_date for t in dated), *starts.values()]
    first = min(points) - datetime.timedelta(days=20)
    last = max(points) + datetime.timedelta(days=25)
    span_days = max((last - first).days, 1)
    scale = CHART_WIDTH / span_days

    def x_of(day: datetime.date) -> float:
        return round(LABEL_WIDTH + (day - first).days * scale, 1)

    chart = Gantt(
        width=LABEL_WIDTH + CHART_WIDTH + 20,
        height=AXIS_HEIGHT + ROW_HEIGHT * max(len(tasks), 1) + 10,
        label_width=LABEL_WIDTH,
        today=today,
        today_x=x_of(today),
        first=first,
        last=last,
    )
    rows: dict[int, Bar] = {}
    for row, task in enumerate(tasks):
        y = AXIS_HEIGHT + row * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2
        bar = Bar(
            task_id=task.id,
            number=task.number,
            title=task.short_title,
            row=row,
            y=y,
            label_y=y + BAR_HEIGHT - 3,
            status=task.status,
            status_label=str(task.get_status_display()),
            due=task.due_date,
            start=starts.get(task.id),
            has_problem=task.id in problem_ids,
        )
        if bar.due is not None and bar.start is not None:
            bar.x = x_of(bar.start)
            bar.width = max(round(x_of(bar.due) - bar.x, 1), MIN_BAR)
        chart.bars.append(bar)
        rows[task.id] = bar

    def arrow(source: Bar, target: Bar, implicit: bool) -> Arrow:
        x1, y1 = source.end_x, source.mid_y
        x2, y2 = target.x, target.mid_y
        bend = x1 + 8
        if x2 - 4 >= bend:
            path = f"M{x1},{y1} H{bend} V{y2} H{x2 - 2}"
        else:  # the dependent task starts before its dependency ends: loop back
            mid = target.y - (ROW_HEIGHT - BAR_HEIGHT) / 2
            path = f"M{x1},{y1} H{bend} V{mid} H{x2 - 10} V{y2} H{x2 - 2}"
        slip = bool(source.due and target.due and target.due < source.due)
        return Arrow(source.task_id, target.task_id, path, implicit, slip)

    for task in tasks:
        target = rows[task.id]
        if not target.has_bar:
            continue
        explicit = [d for d in dependencies.get(task.id, []) if d in rows]
        for dep_id in explicit:
            source = rows[dep_id]
            if source.has_bar:
                chart.arrows.append(arrow(source, target, implicit=False))
        if task.follows_previous and not explicit and target.row > 0:
            source = chart.bars[target.row - 1]
            if source.has_bar:
                chart.arrows.append(arrow(source, target, implicit=True))

    months = _months(first, last)
    step = next((n for n in (1, 3, 6) if scale * 30.4 * n >= 64), 12)
    for month in months:
        if (month.month - 1) % step:
            continue
        label = month.strftime("%m.%Y") if step < 12 else str(month.year)
        chart.ticks.append(Tick(x_of(month), label))
    return chart
