"""The seed's plan «План подготовки и разработки Стратегии», imported from its own text as
any plan is: the bodies its items name become their owners, what the reader cleaned is
told, and its slips are left as they are: the platform shows them, it does not hide them."""

from collections.abc import Callable
from pathlib import Path

from .importing import plan_import, suggest_bodies
from .parsing import read_plan_text
from .services import task_update

SEED_PLAN = Path(__file__).with_name("data") / "seed_plan.ru.txt"
TITLE = "План подготовки и разработки Стратегии"

# The item that names no body but is plainly the organising committee's: item 6, the
# strategic session («оргкомитет подготовки и проведения стратегической сессии»).
SESSION_POSITION = 7


def load(out: Callable[[str], None]) -> list[str]:
    from zemlyaki.governance.models import Body, BodyKind

    parsed = read_plan_text(SEED_PLAN.read_text(encoding="utf-8"))
    suggest_bodies(parsed)
    plan = plan_import(
        actor=None, parsed=parsed, title=TITLE, source="text", is_main=True, is_demo=True
    )
    session = plan.tasks.filter(position=SESSION_POSITION, owner_body__isnull=True).first()
    orgcom = Body.objects.filter(kind=BodyKind.ORGANISING_COMMITTEE).order_by("pk").first()
    if session is not None and orgcom is not None:
        task_update(actor=None, task=session, owner_body=orgcom)
    linked = plan.tasks.filter(owner_body__isnull=False).count()
    return [
        f"План «{TITLE}»: мероприятий {len(parsed.tasks)}, с ответственными органами {linked}.",
        *(f"  {warning}" for warning in parsed.warnings),
    ]
