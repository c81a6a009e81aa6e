"""Who may do what with the standard.

A leader sees and fills only their own association's assessment, while it is a draft
or returned. The control body (power ``standard.review``, unscoped or scoped to the
association) reviews submitted assessments. The coordinator sets deadlines, manages
versions and publishes the ranking; members see the ranking once it is published.
"""

from typing import Any

import rules

from zemlyaki.accounts.rules import (
    is_administrator,
    is_authenticated,
    is_coordinator,
    is_leader,
    led_association_ids,
)
from zemlyaki.core.visibility import view_rule
from zemlyaki.governance.powers import user_has_power

from .models import Assessment, AssessmentStatus, Campaign


def _association(obj: Any) -> Any:
    if obj is None:
        return None
    return getattr(obj, "association", obj)


@rules.predicate
def leads_association(user: Any, obj: Any) -> bool:
    association = _association(obj)
    # The associations a user leads are read once per user object (once per request).
    return association is not None and association.pk in led_association_ids(user)


@rules.predicate
def is_reviewer(user: Any, obj: Any = None) -> bool:
    """Holds ``standard.review``: unscoped, or scoped to the object's association."""
    return user_has_power(user, "standard.review", _association(obj))


@rules.predicate
def assessment_open(user: Any, obj: Any) -> bool:
    return isinstance(obj, Assessment) and obj.status in (
        AssessmentStatus.DRAFT,
        AssessmentStatus.RETURNED,
    )


@rules.predicate
def assessment_submitted(user: Any, obj: Any) -> bool:
    return isinstance(obj, Assessment) and obj.status == AssessmentStatus.SUBMITTED


@rules.predicate
def ranking_published(user: Any, obj: Any) -> bool:
    return isinstance(obj, Campaign) and obj.ranking_published


own_leader = is_leader & leads_association

rules.add_perm("standard.view_version", is_authenticated)
rules.add_perm("standard.manage_version", is_coordinator)
rules.add_perm("standard.set_deadline", is_coordinator)
rules.add_perm("standard.publish_ranking", is_coordinator)
rules.add_perm("standard.start_assessment", own_leader)
# With an assessment: ``Assessment.objects.visible_to``; without one, whether the user may
# open the list at all.
rules.add_perm(
    "standard.view_assessment",
    view_rule(Assessment, is_coordinator | is_administrator | is_reviewer | own_leader),
)
rules.add_perm("standard.edit_assessment", own_leader & assessment_open)
rules.add_perm("standard.submit_assessment", own_leader & assessment_open)
rules.add_perm("standard.review_assessment", is_reviewer & assessment_submitted)
rules.add_perm("standard.view_review_queue", is_reviewer)
# The ranking of a year: the coordinator and the control body always; others once published.
rules.add_perm(
    "standard.view_ranking",
    is_coordinator | is_administrator | is_reviewer | (is_authenticated & ranking_published),
)
rules.add_perm(
    "standard.view_history", is_coordinator | is_administrator | is_reviewer | own_leader
)
rules.add_perm("standard.export", is_coordinator | is_administrator | is_reviewer)
