"""Who may do what with annual reports and their analysis.

Reports hold no member personal data beyond names found in the text, but they are
working material of the associations: the coordinator sees all of them, a leader the
reports of the associations they lead, an administrator reads everything without
changing it. Guests and members do not see the archive.
"""

from typing import Any

import rules

from zemlyaki.accounts.rules import is_administrator, is_coordinator, is_leader
from zemlyaki.core.visibility import view_rule

from .models import AnnualReport


def _association_of(obj: Any) -> Any:
    if obj is None:
        return None
    return getattr(obj, "association", obj)


@rules.predicate
def leads_object_association(user: Any, obj: Any) -> bool:
    """The user leads the association of the object; with no object: leads any."""
    if not getattr(user, "is_authenticated", False):
        return False
    association = _association_of(obj)
    if association is None:
        return user.led_associations.exists()
    return association.leaders.filter(pk=user.pk).exists()


is_reports_leader = is_leader & leads_object_association

# With a report: ``AnnualReport.objects.visible_to``; without one, whether the user may open
# the archive at all (a leader of any association).
rules.add_perm(
    "reports.view_report",
    view_rule(AnnualReport, is_coordinator | is_administrator | is_reports_leader),
)
rules.add_perm("reports.upload_report", is_coordinator | is_reports_leader)
rules.add_perm("reports.reanalyse_report", is_coordinator | is_reports_leader)
rules.add_perm("reports.delete_report", is_coordinator)
rules.add_perm("reports.review_finding", is_coordinator | is_reports_leader)
rules.add_perm("reports.edit_lexicon", is_coordinator)
rules.add_perm("reports.view_lexicon", is_coordinator | is_administrator)
rules.add_perm("reports.reanalyse_all", is_coordinator)
rules.add_perm("reports.view_analysis", is_coordinator | is_administrator | is_reports_leader)
