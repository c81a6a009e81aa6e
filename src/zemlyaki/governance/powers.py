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
    "kpi.review": _("проверять внесённые значения показателей"),
    "standard.review": _("проверять самооценку землячества"),
}


def power_label(code: str) -> str:
    return str(POWERS.get(code, code))


def _scope(obj: Any) -> tuple[str, str] | None:
    if obj is None:
        return None
    return obj._meta.label_lower, str(obj.pk)


# Powers and body membership are loaded once per user object — that is, once per
# request — and kept on it. The governance services call ``powers_changed()`` whenever a
# body, a member or a power changes, so a user object that outlives the change (a test, a
# long command) reloads on its next check.
_CACHE = "_governance_facts"
_generation = 0


def powers_changed() -> None:
    """Forget the powers and memberships loaded so far (called by the governance services)."""
    global _generation
    _generation += 1


def _current_q(today: datetime.date) -> Q:
    current = (Q(body__members__since__isnull=True) | Q(body__members__since__lte=today)) & (
        Q(body__members__until__isnull=True) | Q(body__members__until__gte=today)
    )
    # A body whose term has ended no longer acts.
    return current & (Q(body__term_until__isnull=True) | Q(body__term_until__gte=today))


def _facts(user: Any, today: datetime.date) -> dict[str, Any]:
    """The user's cached facts for ``today``: ``powers`` (code, scope type, scope id) and
    ``member`` (sits on a body now), each loaded on first use."""
    cached = getattr(user, _CACHE, None)
    if cached is None or cached["key"] != (_generation, today):
        cached = {"key": (_generation, today)}
        setattr(user, _CACHE, cached)
    return cached


def _load_powers(user: Any, today: datetime.date) -> frozenset[tuple[str, str, str]]:
    from .models import Power

    rows = (
        Power.objects.filter(_current_q(today), body__members__person__user=user)
        .values_list("code", "scope_type", "scope_id")
        .distinct()
    )
    return frozenset(rows)


def user_has_power(
    user: Any, code: str, obj: Any = None, *, on: datetime.date | None = None
) -> bool:
    """True when a body the user currently belongs to holds ``code``, unscoped or
    scoped to ``obj``. Coordinators hold every power of the working process."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if getattr(user, "role", None) == "coordinator":
        return True
    today = on or timezone.localdate()
    facts = _facts(user, today)
    if "powers" not in facts:
        facts["powers"] = _load_powers(user, today)
    powers = facts["powers"]
    if (code, "", "") in powers:
        return True
    target = _scope(obj)
    return target is not None and (code, *target) in powers


def power_scopes(
    user: Any, code: str, scope_type: str, *, on: datetime.date | None = None
) -> frozenset[str] | None:
    """Where the user holds ``code`` over objects of ``scope_type`` (``"registry.association"``):
    ``None`` for everywhere (unscoped, or a coordinator), else the scope ids (maybe none).
    The same cached powers as ``user_has_power``, for a list rule (``visible_to``)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if user_has_power(user, code, on=on):
        return None
    powers = _facts(user, on or timezone.localdate())["powers"]
    return frozenset(pk for c, kind, pk in powers if c == code and kind == scope_type)


def user_has_power_anywhere(user: Any, code: str, *, on: datetime.date | None = None) -> bool:
    """True when the user holds ``code`` at all: unscoped or scoped to any object (for a
    menu item or an entry page that then asks about each object)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if getattr(user, "role", None) == "coordinator":
        return True
    today = on or timezone.localdate()
    facts = _facts(user, today)
    if "powers" not in facts:
        facts["powers"] = _load_powers(user, today)
    return any(held == code for held, _type, _id in facts["powers"])


def user_is_body_member(user: Any, *, on: datetime.date | None = None) -> bool:
    """True when the user's person currently acts in any working body (one whose term
    has not ended)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    from .models import BodyMember

    today = on or timezone.localdate()
    facts = _facts(user, today)
    if "member" not in facts:
        facts["member"] = BodyMember.objects.acting(today).filter(person__user=user).exists()
    return bool(facts["member"])


def has_power(code: str) -> Any:
    """A django-rules predicate for one power: ``rules.add_perm(..., has_power("plan.manage"))``."""

    @rules.predicate(name=f"has_power:{code}")
    def predicate(user: Any, obj: Any = None) -> bool:
        return user_has_power(user, code, obj)

    return predicate
