"""Who may build questionnaires, invite, see results and review profile changes.

- a coordinator: every questionnaire;
- a leader: the questionnaires of the associations they lead (and may create them);
- everyone, without an account: answer an open questionnaire by its link;
- applying answers to profiles: coordinators only.
"""

from typing import Any

import rules

from zemlyaki.accounts.rules import is_coordinator, is_leader


@rules.predicate
def leads_survey_association(user: Any, survey: Any) -> bool:
    if survey is None or not getattr(user, "is_authenticated", False):
        return False
    if survey.association_id is None:
        return False
    return survey.association.leaders.filter(pk=user.pk).exists()


can_manage = is_coordinator | (is_leader & leads_survey_association)

rules.add_perm("surveys.view_survey_list", is_coordinator | is_leader)
rules.add_perm("surveys.add_survey", is_coordinator | is_leader)
rules.add_perm("surveys.change_survey", can_manage)
rules.add_perm("surveys.delete_survey", can_manage)
rules.add_perm("surveys.view_results", can_manage)
rules.add_perm("surveys.export_results", can_manage)
# each respondent's answers (with the name in a personal questionnaire), behind the summary
rules.add_perm("surveys.view_answers", can_manage)
rules.add_perm("surveys.invite", can_manage)
rules.add_perm("surveys.review_profilechange", is_coordinator)
