"""Consistency checks of a plan. Pure: works on plain task records, no database."""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zemlyaki.core.templatetags.zemlyaki import plural_form

from .models import CLOSED_STATUSES, TaskStatus

KINDS = {
    "duplicate_number": gettext_lazy("повтор номера"),
    "cycle": gettext_lazy("цикл зависимостей"),
    "dependency_slip": gettext_lazy("срок раньше зависимости"),
    "order_slip": gettext_lazy("срок раньше пункта выше"),
    "body_not_formed": gettext_lazy("срок раньше создания органа"),
    "overdue": gettext_lazy("просрочено"),
    "no_owner": gettext_lazy("нет ответственного"),
}
KIND_ORDER = list(KINDS)


@dataclass(frozen=True)
class TaskRecord:
    id: int
    number: str
    position: int
    due_date: datetime.date | None = None
    status: str = TaskStatus.NOT_STARTED
    follows_previous: bool = False
    depends_on: tuple[int, ...] = ()
    has_owner: bool = False
    body_name: str = ""
    body_formed_on: datetime.date | None = None


@dataclass
class Problem:
    kind: str
    task_ids: list[int]
    tasks: list[str]
    message: str
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def kind_label(self) -> str:
        return str(KINDS[self.kind])

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "kind_label": self.kind_label,
            "tasks": self.tasks,
            "task_ids": self.task_ids,
            "message": self.message,
        }


def _d(value: datetime.date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else "—"


def _cycles(records: Sequence[TaskRecord]) -> list[list[TaskRecord]]:
    """Strongly connected components of the dependency graph that form a cycle (Tarjan)."""
    by_id = {r.id: r for r in records}
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    stack: list[int] = []
    on_stack: set[int] = set()
    found: list[list[TaskRecord]] = []
    counter = 0

    for root in by_id:
        if root in index:
            continue
        # iterative DFS: (node, iterator over its edges)
        work = [(root, iter(by_id[root].depends_on))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, edges = work[-1]
            advanced = False
            for target in edges:
                if target not in by_id:
                    continue
                if target not in index:
                    index[target] = low[target] = counter
                    counter += 1
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(by_id[target].depends_on)))
                    advanced = True
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                self_loop = node in by_id[node].depends_on
                if len(component) > 1 or self_loop:
                    found.append(sorted((by_id[m] for m in component), key=lambda r: r.position))
    return found


def find_problems(records: Iterable[TaskRecord], today: datetime.date) -> list[Problem]:
    """Every inconsistency of a plan, grouped by kind in ``KIND_ORDER``, then by position."""
    tasks = sorted(records, key=lambda r: (r.position, r.id))
    by_id = {r.id: r for r in tasks}
    problems: list[Problem] = []

    numbers: dict[str, list[TaskRecord]] = defaultdict(list)
    for record in tasks:
        numbers[record.number].append(record)
    for number, same in numbers.items():
        if len(same) > 1:
            problems.append(
                Problem(
                    "duplicate_number",
                    [r.id for r in same],
                    [r.number for r in same],
                    _("Номер %(number)s встречается %(count)s %(times)s.")
                    % {
                        "number": number,
                        "count": len(same),
                        "times": plural_form(len(same), (_("раз"), _("раза"), _("раз"))),
                    },
                )
            )

    for component in _cycles(tasks):
        chain = " → ".join(r.number for r in component)
        problems.append(
            Problem(
                "cycle",
                [r.id for r in component],
                [r.number for r in component],
                _("Зависимости образуют цикл: %(chain)s.") % {"chain": chain},
            )
        )

    active = [r for r in tasks if r.status != TaskStatus.CANCELLED]
    for record in active:
        if record.due_date is None:
            continue
        for dep_id in record.depends_on:
            dep = by_id.get(dep_id)
            if dep is None or dep.due_date is None or dep.status == TaskStatus.CANCELLED:
                continue
            if record.due_date < dep.due_date:
                problems.append(
                    Problem(
                        "dependency_slip",
                        [record.id, dep.id],
                        [record.number, dep.number],
                        _(
                            "Пункт %(number)s (срок %(due)s) зависит от пункта %(dep)s, "
                            "срок которого позже — %(dep_due)s."
                        )
                        % {
                            "number": record.number,
                            "due": _d(record.due_date),
                            "dep": dep.number,
                            "dep_due": _d(dep.due_date),
                        },
                    )
                )

    for position, record in enumerate(active):
        if not record.follows_previous or record.due_date is None:
            continue
        due = record.due_date
        later = [r for r in active[:position] if r.due_date is not None and r.due_date > due]
        if later:
            problems.append(
                Problem(
                    "order_slip",
                    [record.id, *(r.id for r in later)],
                    [record.number, *(r.number for r in later)],
                    _(
                        "Пункт %(number)s (срок %(due)s) идёт после пунктов %(above)s, "
                        "но его срок раньше их срока (%(latest)s)."
                    )
                    % {
                        "number": record.number,
                        "due": _d(due),
                        "above": ", ".join(r.number for r in later),
                        "latest": _d(max(r.due_date for r in later if r.due_date)),
                    },
                )
            )

    for record in active:
        formed = record.body_formed_on
        if record.due_date and formed and record.due_date < formed:
            problems.append(
                Problem(
                    "body_not_formed",
                    [record.id],
                    [record.number],
                    _(
                        "Пункт %(number)s (срок %(due)s) поручен органу «%(body)s», "
                        "который сформирован только %(formed)s."
                    )
                    % {
                        "number": record.number,
                        "due": _d(record.due_date),
                        "body": record.body_name,
                        "formed": _d(formed),
                    },
                )
            )

    for record in tasks:
        if record.due_date and record.due_date < today and record.status not in CLOSED_STATUSES:
            problems.append(
                Problem(
                    "overdue",
                    [record.id],
                    [record.number],
                    _("Пункт %(number)s просрочен: срок %(due)s, не выполнен.")
                    % {"number": record.number, "due": _d(record.due_date)},
                )
            )

    for record in active:
        if not record.has_owner:
            problems.append(
                Problem(
                    "no_owner",
                    [record.id],
                    [record.number],
                    _("У пункта %(number)s нет ответственного органа или лица.")
                    % {"number": record.number},
                )
            )

    rank = {kind: n for n, kind in enumerate(KIND_ORDER)}
    first = {r.id: (r.position, r.id) for r in tasks}
    problems.sort(key=lambda p: (rank[p.kind], first[p.task_ids[0]]))
    return problems


def problems_by_task(problems: Iterable[Problem]) -> dict[int, list[Problem]]:
    """Problems each task is involved in (for showing them next to the task)."""
    result: dict[int, list[Problem]] = defaultdict(list)
    for problem in problems:
        for task_id in dict.fromkeys(problem.task_ids):
            result[task_id].append(problem)
    return dict(result)
