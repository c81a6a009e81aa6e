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
from zemlyaki.governance.powers import has_power, user_has_power_anywhere

from .models import Indicator, Measurement, Source
from .services import can_record, can_review


@rules.predicate
def sees_indicator(user: Any, obj: Any) -> bool:
    indicator = getattr(obj, "indicator", obj)
    return isinstance(indicator, Indicator) and can_see(user, indicator)


@rules.predicate
def records_here(user: Any, obj: Any = None) -> bool:
    """``kpi.record`` scoped to the value's indicator or association (the service's rule)."""
    indicator = getattr(obj, "indicator", obj)
    if not isinstance(indicator, Indicator):
        return False
    return can_record(user, indicator, getattr(obj, "association", None))


@rules.predicate
def reviews_here(user: Any, obj: Any = None) -> bool:
    indicator = getattr(obj, "indicator", obj)
    return isinstance(indicator, Indicator) and can_review(user, indicator)


# Unscoped (read from the predicate's name by the roles table), or scoped to the object.
records = has_power("kpi.record") | records_here
reviews = has_power("kpi.review") | reviews_here


@rules.predicate(name="any_power:kpi.record")  # the roles table reads the code from the name
def holds_any_record_power(user: Any) -> bool:
    """Holds ``kpi.record`` anywhere, also scoped to one association (the entry page; the
    service then checks the association of the value)."""
    return user_has_power_anywhere(user, "kpi.record")


@rules.predicate
def entered(user: Any, obj: Any) -> bool:
    indicator = getattr(obj, "indicator", obj)
    return isinstance(indicator, Indicator) and indicator.source == Source.ENTERED


@rules.predicate
def owns(user: Any, obj: Any) -> bool:
    """The value was entered by this user."""
    return (
        isinstance(obj, Measurement)
        and obj.created_by_id is not None
        and (obj.created_by_id == getattr(user, "pk", None))
    )


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
rules.add_perm("indicators.review_value", reviews & pending & ~owns)
rules.add_perm("indicators.view_review_queue", reviews | is_coordinator)
rules.add_perm("indicators.manage", is_coordinator)
rules.add_perm("indicators.refresh", is_coordinator | reviews)
rules.add_perm("indicators.export", is_authenticated)
rules.add_perm("indicators.view_evidence", is_coordinator | is_administrator | records | reviews)
rules.add_perm("indicators.enter_any", holds_any_record_power)
