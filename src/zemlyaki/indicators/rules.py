"""Who may do what with the indicators.

Everyone signed in reads every indicator, a guest the public ones (``Indicator.visible_to``).
Values are entered by those holding ``kpi.record`` (unscoped, or scoped to the indicator or
the association) and reviewed by the control body, which holds ``kpi.review``; the
coordinator holds both, keeps the goals, the stages and the indicators themselves.
"""

from typing import Any

import rules

from zemlyaki.accounts.rules import is_administrator, is_authenticated, is_coordinator
from zemlyaki.core.visibility import can_see
from zemlyaki.governance.powers import user_has_power, user_has_power_anywhere

from .models import Indicator, Measurement, Source


@rules.predicate
def sees_indicator(user: Any, obj: Any) -> bool:
    indicator = getattr(obj, "indicator", obj)
    return isinstance(indicator, Indicator) and can_see(user, indicator)


@rules.predicate
def records(user: Any, obj: Any = None) -> bool:
    if user_has_power(user, "kpi.record"):
        return True
    indicator = getattr(obj, "indicator", obj)
    if isinstance(indicator, Indicator) and user_has_power(user, "kpi.record", indicator):
        return True
    association = getattr(obj, "association", None)
    return association is not None and user_has_power(user, "kpi.record", association)


@rules.predicate
def reviews(user: Any, obj: Any = None) -> bool:
    if user_has_power(user, "kpi.review"):
        return True
    indicator = getattr(obj, "indicator", obj)
    return isinstance(indicator, Indicator) and user_has_power(user, "kpi.review", indicator)


@rules.predicate
def holds_any_record_power(user: Any) -> bool:
    """Holds ``kpi.record`` anywhere (for the menu and the entry page)."""
    return user_has_power_anywhere(user, "kpi.record")


@rules.predicate
def entered(user: Any, obj: Any) -> bool:
    indicator = getattr(obj, "indicator", obj)
    return isinstance(indicator, Indicator) and indicator.source == Source.ENTERED


@rules.predicate
def returned(user: Any, obj: Any) -> bool:
    return isinstance(obj, Measurement) and obj.status == "returned" and not obj.computed


@rules.predicate
def pending(user: Any, obj: Any) -> bool:
    return isinstance(obj, Measurement) and obj.status == "pending" and not obj.computed


rules.add_perm("indicators.view_indicator", sees_indicator)
rules.add_perm("indicators.view_dashboard", rules.always_allow)
rules.add_perm("indicators.record_value", records & entered)
rules.add_perm("indicators.fix_value", records & returned)
rules.add_perm("indicators.review_value", reviews & pending)
rules.add_perm("indicators.view_review_queue", reviews | is_coordinator)
rules.add_perm("indicators.manage", is_coordinator)
rules.add_perm("indicators.refresh", is_coordinator | reviews)
rules.add_perm("indicators.export", is_authenticated)
rules.add_perm("indicators.view_evidence", is_coordinator | is_administrator | records | reviews)
rules.add_perm("indicators.enter_any", holds_any_record_power)
