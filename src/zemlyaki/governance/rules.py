"""Who may do what with working bodies.

Bodies, their mandate and powers are public; the names of their members are shown to
signed-in users; the coordinator forms the bodies, their membership and their powers.
"""

import rules

from zemlyaki.accounts.rules import is_coordinator

rules.add_perm("governance.view_body", rules.always_allow)
rules.add_perm("governance.view_bodymember", rules.is_authenticated)
rules.add_perm("governance.view_composition", rules.is_authenticated)
rules.add_perm("governance.add_body", is_coordinator)
rules.add_perm("governance.change_body", is_coordinator)
rules.add_perm("governance.delete_body", is_coordinator)
rules.add_perm("governance.change_bodymember", is_coordinator)
rules.add_perm("governance.change_power", is_coordinator)
rules.add_perm("governance.view_body_history", is_coordinator)
