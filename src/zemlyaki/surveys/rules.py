"""Who may build questionnaires, invite, see results and review profile changes.

- a coordinator: every questionnaire;
- a leader: the questionnaires of the associations they lead (and may create them);
- everyone, without an account: answer an open questionnaire by its link;
- applying answers to profiles: coordinators only.
"""

from typing import Any

import rules

from zemlyaki.accounts.rules import is_coordinator, is_leader

from .models import manages


@rules.predicate
def manages_survey(user: Any, survey: Any) -> bool:
    """``Survey.objects.managed_by`` for one questionnaire (the agreement test holds the two
    together); without a questionnaire only the coordinator manages them all."""
    return survey is not None and manages(user, survey)


can_manage = is_coordinator | (is_leader & manages_survey)

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
