"""The powers the platform checks, and the one question every app asks of them.

Other apps ask ``user_has_power(user, code, obj)`` (or use the ``has_power(code)``
predicate factory in their ``rules.py``); they never read the governance tables.
"""

import datetime
from typing import Any

import rules
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# code → label. Apps check these codes; bodies hold them.
POWERS: dict[str, Any] = {
    "strategy.edit_section": _("редактировать раздел стратегии"),
    "strategy.review": _("рассматривать раздел: замечания, поправки, позиции"),
    "strategy.manage_workflow": _("направлять раздел на рассмотрение и доработку"),
    "strategy.approve": _("утверждать документ"),
    "plan.manage": _("вести план"),
    "events.run": _("проводить мероприятие"),
    "kpi.record": _("вносить значения показателей"),
    "standard.review": _("проверять самооценку землячества"),
}


def power_label(code: str) -> str:
    return str(POWERS.get(code, code))


def _scope(obj: Any) -> tuple[str, str] | None:
    if obj is None:
        return None
    return obj._meta.label_lower, str(obj.pk)


def user_has_power(
    user: Any, code: str, obj: Any = None, *, on: datetime.date | None = None
) -> bool:
    """True when a body the user currently belongs to holds ``code``, unscoped or
    scoped to ``obj``. Coordinators hold every power of the working process."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if getattr(user, "role", None) == "coordinator":
        return True
    from .models import Power

    today = on or timezone.localdate()
    scope = Q(scope_type="")
    target = _scope(obj)
    if target is not None:
        scope |= Q(scope_type=target[0], scope_id=target[1])
    current = (Q(body__members__since__isnull=True) | Q(body__members__since__lte=today)) & (
        Q(body__members__until__isnull=True) | Q(body__members__until__gte=today)
    )
    # A body whose term has ended no longer acts.
    current &= Q(body__term_until__isnull=True) | Q(body__term_until__gte=today)
    return Power.objects.filter(
        scope, current, code=code, body__members__person__user=user
    ).exists()


def user_is_body_member(user: Any, *, on: datetime.date | None = None) -> bool:
    """True when the user's person currently belongs to any working body."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    from .models import BodyMember

    today = on or timezone.localdate()
    return (
        BodyMember.objects.filter(person__user=user)
        .exclude(since__gt=today)
        .exclude(until__lt=today)
        .exists()
    )


def has_power(code: str) -> Any:
    """A django-rules predicate for one power: ``rules.add_perm(..., has_power("plan.manage"))``."""

    @rules.predicate(name=f"has_power:{code}")
    def predicate(user: Any, obj: Any = None) -> bool:
        return user_has_power(user, code, obj)

    return predicate
