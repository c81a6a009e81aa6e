"""Who may do what with plans: anyone signed in reads them; the power «plan.manage»
(held by the working group; coordinators hold every power) changes them."""

import rules

from zemlyaki.core.visibility import view_rule
from zemlyaki.governance.powers import has_power

from .models import Plan

can_manage_plan = has_power("plan.manage")

rules.add_perm("plan.view_plan", view_rule(Plan, rules.is_authenticated))
rules.add_perm("plan.view_plan_history", rules.is_authenticated)
rules.add_perm("plan.add_plan", can_manage_plan)
rules.add_perm("plan.change_plan", can_manage_plan)
rules.add_perm("plan.delete_plan", can_manage_plan)
rules.add_perm("plan.import_plan", can_manage_plan)
rules.add_perm("plan.add_task", can_manage_plan)
rules.add_perm("plan.change_task", can_manage_plan)
rules.add_perm("plan.delete_task", can_manage_plan)
