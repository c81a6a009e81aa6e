"""The seed's plan «План подготовки и разработки Стратегии», imported from its own text,
with its slips left as they are: the platform shows them, it does not hide them."""

from collections.abc import Callable
from pathlib import Path

from .parsing import ParsedPlan, parse_plan_text
from .services import plan_import, task_update

SEED_PLAN = Path(__file__).with_name("data") / "seed_plan.ru.txt"
TITLE = "План подготовки и разработки Стратегии"

# position in the seed's list → the body its text names (kind, start of the name)
OWNERS = {
    1: ("working_group", "рабочая группа"),
    2: ("editorial_group", "редакционная группа"),
    3: ("organising_committee", "оргкомитет"),
    4: ("working_group", "рабочая группа"),  # «рабочей группе необходимо собрать…»
    7: ("organising_committee", "оргкомитет"),  # the strategic session
    8: ("editorial_group", "редакционная группа"),  # «редакционная группа разработает…»
}


def _demo_body(kind: str, name: str):  # type: ignore[no-untyped-def]
    from zemlyaki.core.text import fold
    from zemlyaki.governance.models import Body

    bodies = list(Body.objects.filter(is_demo=True).order_by("pk"))
    for body in bodies:
        if body.kind == kind:
            return body
    for body in bodies:
        if fold(body.name).startswith(name):
            return body
    return None


def load(out: Callable[[str], None]) -> list[str]:
    parsed = ParsedPlan(tasks=parse_plan_text(SEED_PLAN.read_text(encoding="utf-8")))
    plan = plan_import(
        actor=None, parsed=parsed, title=TITLE, source="text", is_main=True, is_demo=True
    )
    linked = 0
    for task in plan.tasks.order_by("position"):
        owner = OWNERS.get(task.position)
        body = _demo_body(*owner) if owner else None
        if body is not None:
            task_update(actor=None, task=task, owner_body=body)
            linked += 1
    return [f"План «{TITLE}»: мероприятий {len(parsed.tasks)}, с ответственными органами {linked}."]
