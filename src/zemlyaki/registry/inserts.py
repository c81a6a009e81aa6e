"""What the registry shows inside strategy documents: the stakeholders as a live table."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zemlyaki.core.registries import Insert, InsertProvider

from .models import Stakeholder


def stakeholders_table() -> Insert:
    rows = [
        [s.get_kind_display(), s.name, ", ".join(r.name for r in s.regions.all())]
        for s in Stakeholder.objects.prefetch_related("regions").order_by("kind", "name")
    ]
    return {
        "kind": "table",
        "title": _("Субъекты стратегии"),
        "headers": [_("Вид"), _("Организация"), _("Регионы")],
        "rows": rows,
    }


PROVIDERS = [
    InsertProvider("table:stakeholders", gettext_lazy("Субъекты стратегии"), stakeholders_table)
]
