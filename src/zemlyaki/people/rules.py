"""Who sees and changes personal data (152-FZ: only roles that need it).

- the person: their own profile, to see and edit;
- a leader: the members of the associations they lead;
- a coordinator: everyone; invites people to get a login, decides erasure requests;
- a member of a working body: names and competencies of experts who agreed to be shown;
- an administrator without the coordinator role, a guest: nothing personal.
"""

from typing import Any

import rules

from zemlyaki.accounts.rules import is_coordinator, is_leader
from zemlyaki.core.registries import user_fact
from zemlyaki.core.visibility import view_rule

from .models import Person


def _authenticated(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


@rules.predicate
def is_own_profile(user: Any, person: Any) -> bool:
    return _authenticated(user) and person is not None and person.user_id == user.pk


@rules.predicate
def leads_association(user: Any, association: Any) -> bool:
    if association is None or not _authenticated(user):
        return False
    return association.leaders.filter(pk=user.pk).exists()


@rules.predicate
def leads_persons_association(user: Any, person: Any) -> bool:
    if person is None or not _authenticated(user):
        return False
    return person.memberships.filter(association__leaders=user).exists()


def user_is_body_member(user: Any) -> bool:
    """Whether the user sits on a working body: governance (a higher layer) answers it
    through the registry of user facts."""
    return user_fact("body_member", user)


@rules.predicate
def is_body_member(user: Any) -> bool:
    return user_is_body_member(user)


can_see_details = is_coordinator | is_own_profile | (is_leader & leads_persons_association)

# ``Person.objects.visible_to`` (people.visibility) is the rule; without a person only the
# coordinator «views a person».
rules.add_perm("people.view_person", view_rule(Person, is_coordinator))
rules.add_perm("people.view_person_details", can_see_details)
rules.add_perm("people.change_person", can_see_details)
rules.add_perm("people.mark_initiative", is_coordinator | (is_leader & leads_persons_association))
rules.add_perm("people.manage_consent", is_coordinator | (is_leader & leads_persons_association))
rules.add_perm("people.erase_person", is_coordinator)
rules.add_perm("people.view_member_list", is_coordinator | (is_leader & leads_association))
rules.add_perm("people.search_people", is_coordinator | is_leader | is_body_member)
rules.add_perm("people.export_people", is_coordinator | is_leader)
rules.add_perm("people.import_members", is_coordinator | (is_leader & leads_association))
rules.add_perm("people.manage_vocabulary", is_coordinator)
rules.add_perm("people.manage_candidates", is_coordinator)
rules.add_perm("people.view_access_log", is_coordinator)
rules.add_perm("people.use_imports", is_coordinator | is_leader)
rules.add_perm("people.view_own_profile", rules.is_authenticated)
# A login for a person: an invitation from the card by the leader of the person's
# association or a coordinator; the direct link of a named login by a coordinator only.
rules.add_perm("people.invite_person", is_coordinator | (is_leader & leads_persons_association))
rules.add_perm("people.link_user", is_coordinator)
# The rights of the data subject: their own data; the queue of erasure requests.
rules.add_perm("people.view_own_data", rules.is_authenticated)
rules.add_perm("people.request_erasure", rules.is_authenticated & is_own_profile)
rules.add_perm("people.manage_erasure", is_coordinator)


def allowed(user: Any, perm: str, obj: Any = None) -> bool:
    """Ask the rules above (as ``User.has_perm`` does for the platform's permissions, for
    superusers too); usable with any user object the API hands over."""
    return bool(rules.has_perm(perm, user, obj))
