"""What the indicators hold about a person, for «Мои данные» and for the erasure of their
data (``core.registries.personal_data``).

An entered value names the login that entered it and the one that reviewed it. The value
is the control record of the strategy, not the person's data: on erasure it stays (the
login is deactivated and anonymised by the accounts and people apps), only the person's
name leaves the log of those values; the holder reports 0 records changed."""

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy

from zemlyaki.core.personal_data import audit_forget
from zemlyaki.core.registries import PersonalDataHolder

from .models import Measurement


def _entries(user: Any) -> Any:
    if user is None:
        return Measurement.objects.none()
    return Measurement.objects.filter(Q(created_by=user) | Q(reviewed_by=user), computed=False)


def entries_export(person: Any, user: Any) -> list[dict[str, Any]]:
    rows = _entries(user).select_related("indicator", "association").order_by("indicator", "year")
    return [
        {
            "indicator": f"{m.indicator.code}. {m.indicator.name}",
            "year": m.year,
            "association": m.association.name if m.association else None,
            "value": str(m.value),
            "role": "entered" if m.created_by_id == user.pk else "reviewed",
            "status": m.get_status_display(),
            "comment": m.comment,
            "remarks": m.remarks,
        }
        for m in rows
    ]


def entries_erase(person: Any, user: Any, actor: Any) -> int:
    audit_forget(_entries(user), person=person, user=user)
    return 0


HOLDERS = [
    PersonalDataHolder(
        "indicators.entries",
        gettext_lazy("Внесённые и проверенные значения показателей"),
        entries_export,
        entries_erase,
    ),
]
