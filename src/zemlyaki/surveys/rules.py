"""Who may build questionnaires, invite, see results and review profile changes.

- a coordinator: every questionnaire;
- a leader: the questionnaires of the associations they lead (and may create them);
- everyone, without an account: answer an open questionnaire by its link;
- applying answers to profiles: coordinators only.
"""

import rules

from zemlyaki.accounts.rules import is_coordinator, is_leader
from zemlyaki.core.visibility import visible_rule

from .models import Survey

# Managing a questionnaire is reading it: ``Survey.objects.visible_to`` is the one rule
# (``visible_rule``); without a questionnaire only the coordinator manages them all.
can_manage = is_coordinator | visible_rule(Survey)

rules.add_perm("surveys.view_survey_list", is_coordinator | is_leader)
rules.add_perm("surveys.add_survey", is_coordinator | is_leader)
rules.add_perm("surveys.change_survey", can_manage)
rules.add_perm("surveys.delete_survey", can_manage)
rules.add_perm("surveys.view_results", can_manage)
rules.add_perm("surveys.export_results", can_manage)
rules.add_perm("surveys.invite", can_manage)
rules.add_perm("surveys.review_profilechange", is_coordinator)
