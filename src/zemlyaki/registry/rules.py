"""Who may do what in the registry."""

from typing import Any

import rules

from zemlyaki.accounts.rules import is_administrator, is_coordinator, is_leader
from zemlyaki.core.visibility import view_rule

from .models import Association, Stakeholder


@rules.predicate
def leads_association(user: Any, association: Any) -> bool:
    if association is None or not getattr(user, "is_authenticated", False):
        return False
    return association.leaders.filter(pk=user.pk).exists()


is_registry_staff = is_coordinator | is_administrator

rules.add_perm("registry.view_association", view_rule(Association, rules.always_allow))
rules.add_perm("registry.add_association", is_registry_staff)
rules.add_perm("registry.change_association", is_registry_staff | (is_leader & leads_association))
rules.add_perm("registry.delete_association", is_registry_staff)
rules.add_perm("registry.view_association_history", is_registry_staff)
rules.add_perm("registry.view_stakeholder", view_rule(Stakeholder, rules.always_allow))
rules.add_perm("registry.view_stakeholder_contacts", rules.is_authenticated)
rules.add_perm("registry.add_stakeholder", is_registry_staff)
rules.add_perm("registry.change_stakeholder", is_registry_staff)
rules.add_perm("registry.delete_stakeholder", is_registry_staff)
rules.add_perm("registry.view_stakeholder_history", is_registry_staff)
