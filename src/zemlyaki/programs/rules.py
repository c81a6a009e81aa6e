"""Who may do what with programs and pledges.

- Programs, needs and pledges are public to read; contacts of pledges only to those who
  manage the program.
- A program of an association is created and changed by a leader of that association;
  a community-wide program by a coordinator; a member of the program's responsible body
  changes it too. Coordinators may do everything.
- A pledge is recorded by whoever may speak for its giver: a representative of the
  stakeholder, a leader of the association, the person themselves (or a coordinator).
- A pledge is confirmed and its delivery marked by a coordinator or a member of the
  program's responsible body; the giver's side (or a coordinator) may withdraw it.
"""

from typing import Any

import rules

from zemlyaki.accounts.rules import is_coordinator, led_association_ids
from zemlyaki.core.visibility import view_rule
from zemlyaki.governance.models import BodyMember
from zemlyaki.people.models import Person

from .models import Pledge, Program, StakeholderRepresentative


def _person_id(user: Any) -> int | None:
    if not getattr(user, "is_authenticated", False):
        return None
    if "_programs_person_id" not in user.__dict__:
        user.__dict__["_programs_person_id"] = (
            Person.objects.filter(user=user).values_list("pk", flat=True).first()
        )
    return user.__dict__["_programs_person_id"]


def _leads(user: Any, association: Any) -> bool:
    return association is not None and association.pk in led_association_ids(user)


def _in_body(user: Any, body_id: int | None) -> bool:
    if body_id is None or not getattr(user, "is_authenticated", False):
        return False
    return BodyMember.objects.acting().filter(body_id=body_id, person__user=user).exists()


def _program_of(obj: Any) -> Program | None:
    if isinstance(obj, Program):
        return obj
    return getattr(obj, "program", None)


@rules.predicate
def leads_program_association(user: Any, obj: Any) -> bool:
    program = _program_of(obj)
    return program is not None and _leads(user, program.association)


@rules.predicate
def in_responsible_body(user: Any, obj: Any) -> bool:
    program = _program_of(obj)
    return program is not None and _in_body(user, program.responsible_body_id)


@rules.predicate
def may_create_for(user: Any, association: Any) -> bool:
    """``association`` is the program's association (None: community-wide)."""
    return association is not None and _leads(user, association)


@rules.predicate
def speaks_for(user: Any, giver: Any) -> bool:
    """The user may pledge in the name of ``giver`` (stakeholder, association or person)."""
    if giver is None or not getattr(user, "is_authenticated", False):
        return False
    label = giver._meta.label_lower
    if label == "registry.association":
        return _leads(user, giver)
    person_id = _person_id(user)
    if person_id is None:
        return False
    if label == "people.person":
        return giver.pk == person_id
    if label == "registry.stakeholder":
        return StakeholderRepresentative.objects.filter(
            stakeholder=giver, person_id=person_id
        ).exists()
    return False


@rules.predicate
def gave_pledge(user: Any, pledge: Any) -> bool:
    return isinstance(pledge, Pledge) and bool(speaks_for(user, pledge.source))


can_manage_program = is_coordinator | leads_program_association | in_responsible_body
can_judge_pledge = is_coordinator | in_responsible_body

rules.add_perm("programs.view_program", view_rule(Program, rules.always_allow))
rules.add_perm("programs.add_program", is_coordinator | may_create_for)
rules.add_perm("programs.change_program", can_manage_program)
rules.add_perm("programs.delete_program", can_manage_program)
rules.add_perm("programs.add_need", can_manage_program)
rules.add_perm("programs.delete_need", can_manage_program)
rules.add_perm("programs.view_pledge_contacts", can_manage_program)
# obj: the giver of the pledge (a stakeholder, an association or a person).
rules.add_perm("programs.add_pledge", is_coordinator | speaks_for)
rules.add_perm("programs.confirm_pledge", can_judge_pledge)
rules.add_perm("programs.deliver_pledge", can_judge_pledge)
rules.add_perm("programs.withdraw_pledge", is_coordinator | gave_pledge)
rules.add_perm("programs.add_representative", is_coordinator)
