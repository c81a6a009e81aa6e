"""Who may do what with working bodies.

Bodies, their mandate and powers are public; the names of their members are shown to
signed-in users; the coordinator forms the bodies, their membership and their powers.
"""

import rules

from zemlyaki.accounts.rules import is_coordinator
from zemlyaki.core.visibility import signed_in, view_rule

from .models import Body


@rules.predicate
def reads_members(user: object) -> bool:
    """The members of a body are read by whoever ``BodyMember.objects.visible_to`` admits:
    a signed-in user (the same rule for every body)."""
    return signed_in(user)


rules.add_perm("governance.view_body", view_rule(Body, rules.always_allow))
rules.add_perm("governance.view_bodymember", reads_members)
rules.add_perm("governance.view_composition", reads_members)
rules.add_perm("governance.add_body", is_coordinator)
rules.add_perm("governance.change_body", is_coordinator)
rules.add_perm("governance.delete_body", is_coordinator)
rules.add_perm("governance.change_bodymember", is_coordinator)
rules.add_perm("governance.change_power", is_coordinator)
rules.add_perm("governance.view_body_history", is_coordinator)
