"""What governance shows inside strategy documents: the working bodies as a live table."""

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zemlyaki.core.registries import Insert, InsertProvider

from .models import Body
from .services import current_members_q


def bodies_table() -> Insert:
    members = Count("members", filter=current_members_q(prefix="members__"))
    rows = [
        [
            body.name,
            body.get_kind_display(),
            str(getattr(body, "member_count", 0)),  # the annotation below
            body.get_quorum_rule_display(),
        ]
        for body in Body.objects.all().annotate(member_count=members).order_by("name")
    ]
    return {
        "kind": "table",
        "title": _("Рабочие органы"),
        "headers": [_("Орган"), _("Вид"), _("Членов"), _("Кворум")],
        "rows": rows,
    }


PROVIDERS = [InsertProvider("table:bodies", gettext_lazy("Рабочие органы"), bodies_table)]
