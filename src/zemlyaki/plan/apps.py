from collections.abc import Callable

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _load_demo(out: Callable[[str], None]) -> list[str]:
    from .demo import load

    return load(out)


class PlanConfig(AppConfig):
    name = "zemlyaki.plan"
    label = "plan"
    verbose_name = _("План")
    nav_items = [("plan:plan_list", _("План"), "plan.view_plan")]

    def ready(self) -> None:
        from zemlyaki.core.registries import register_home_item

        from .home import ITEMS as HOME_ITEMS

        for home_item in HOME_ITEMS:
            register_home_item(home_item)
        from zemlyaki.core import registries as r

        from . import (
            downloads,  # noqa: F401  (claims this app's uploads in core.protected_files)
            inserts,
            measures,
        )
        from .models import Plan, Task
        from .services import plan_approve, task_create

        r.demo_data.register(self.label, r.DemoData(_load_demo))
        for measure in measures.MEASURES:
            r.register_measure(measure)
        for provider in inserts.PROVIDERS:
            r.register_insert(provider)
        r.register_linkable(r.Linkable("plan.plan", _("Планы"), Plan.objects.all))
        r.register_linkable(r.Linkable("plan.task", _("Мероприятия планов"), Task.objects.all))
        # Decisions of a meeting (events) approve a plan and set its tasks.
        r.decision_effects.register("approve_plan", plan_approve)
        r.decision_effects.register("create_tasks", task_create)
        # What the app holds about a person: «Мои данные» and the erasure (people).
        from . import personal_data

        for holder in personal_data.HOLDERS:
            r.register_personal_data(holder)
