"""What the governance app holds about a person of the registry, for «Мои данные» and
for the erasure of their data (``core.registries.personal_data``).

A body membership is part of the record of the body's decisions (who sat on it, in what
position, when), and it holds nothing personal of its own: it points to the card. On
erasure the row is kept — the card it points to is anonymised by the people app, so the
membership no longer names anyone; its log of changes loses the name too — and the
holder reports 0 records changed."""

from typing import Any

from django.utils.translation import gettext_lazy

from zemlyaki.core.actors import Actor
from zemlyaki.core.personal_data import audit_forget
from zemlyaki.core.registries import PersonalDataHolder

from .models import BodyMember


def _d(value: Any) -> Any:
    return value.isoformat() if value else None


def memberships_export(person: Any, user: Any) -> list[dict[str, Any]]:
    members = BodyMember.objects.filter(person=person).select_related("body", "stakeholder")
    return [
        {
            "body": m.body.name,
            "position": m.get_position_display(),
            "represents": m.stakeholder.name if m.stakeholder else None,
            "since": _d(m.since),
            "until": _d(m.until),
        }
        for m in members.order_by("body__name", "pk")
    ]


def memberships_erase(person: Any, user: Any, actor: Actor | None) -> int:
    """Kept as the record of decisions; the anonymised card names nobody, nor does the
    log of the memberships any more."""
    audit_forget(BodyMember.objects.filter(person=person), person=person, user=user)
    return 0


HOLDERS = [
    PersonalDataHolder(
        "governance.memberships",
        gettext_lazy("Членство в рабочих органах"),
        memberships_export,
        memberships_erase,
    ),
]
