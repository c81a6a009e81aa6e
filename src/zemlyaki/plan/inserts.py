"""What the plan shows inside strategy documents: the main plan's tasks as a live table."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zemlyaki.core.registries import Insert, InsertProvider

from .selectors import plan_table

COLUMNS = [
    ("number", gettext_lazy("№")),
    ("title", gettext_lazy("Мероприятие")),
    ("owner", gettext_lazy("Ответственные")),
    ("due", gettext_lazy("Срок")),
    ("status", gettext_lazy("Статус")),
]


def main_plan_table() -> Insert:
    title = _("План разработки и реализации стратегии")
    rows = plan_table(plan=None)
    if not rows:
        return {"kind": "note", "title": title, "text": _("План ещё не создан")}
    return {
        "kind": "table",
        "title": title,
        "headers": [str(label) for _key, label in COLUMNS],
        "rows": [[str(row.get(key) or "") for key, _label in COLUMNS] for row in rows],
    }


PROVIDERS = [
    InsertProvider(
        "table:plan", gettext_lazy("План разработки и реализации стратегии"), main_plan_table
    )
]
