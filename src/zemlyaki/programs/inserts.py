"""What programs show inside strategy documents: the live table of resources
(section 4) — needed, pledged, confirmed, delivered and the gap per kind and unit."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zemlyaki.core.registries import Insert, InsertProvider

from .balance import balance_of_strategy
from .templatetags.programs_tags import qty


def resources_table() -> Insert:
    rows = [
        [
            row["kind_name"],
            row["unit_name"],
            qty(row["needed"]),
            qty(row["pledged"]),
            qty(row["confirmed"]),
            qty(row["delivered"]),
            qty(row["gap"]),
        ]
        for row in balance_of_strategy()
    ]
    return {
        "kind": "table",
        "title": _("Ресурсы программ: потребности и обязательства"),
        "headers": [
            _("Вид ресурса"),
            _("Единица"),
            _("Нужно"),
            _("Обещано"),
            _("Подтверждено"),
            _("Выполнено"),
            _("Не покрыто"),
        ],
        "rows": rows,
    }


PROVIDERS = [
    InsertProvider(
        "table:resources",
        gettext_lazy("Ресурсы программ: потребности и обязательства"),
        resources_table,
    )
]
