"""Who reads a person's record: the one rule of ``Person.objects.visible_to``.

- a coordinator: everyone (erased records too, to decide and audit erasure);
- the person: their own record;
- a leader: the members of the associations they lead;
- a member of a working body: the experts who agreed to be shown;
- an administrator without the coordinator role, a member, a guest: nothing else.

``people.view_person`` is this rule (``core.visibility.sees``); the search lists it
without erased records (``selectors.visible_persons``).
"""

from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q

from zemlyaki.accounts.rules import is_coordinator, is_leader
from zemlyaki.core.registries import user_fact
from zemlyaki.core.visibility import VisibleQuerySet, signed_in

if TYPE_CHECKING:
    from .models import Person


class PersonQuerySet(VisibleQuerySet["Person"]):
    def visible_to(self, user: Any) -> "PersonQuerySet":
        if not signed_in(user):
            return self.none()
        if is_coordinator(user):
            return self.all()
        from .models import Membership

        condition: Any = Q(user=user)
        if is_leader(user):
            condition |= Exists(
                Membership.objects.filter(person=OuterRef("pk"), association__leaders=user)
            )
        if user_fact("body_member", user):
            condition |= Q(show_as_expert=True, has_consent=True, erased_at__isnull=True)
        return self.filter(condition)

    def admits(self, user: Any, obj: "Person") -> bool:
        if not signed_in(user):
            return False
        if is_coordinator(user) or obj.user_id == user.pk:
            return True
        if is_leader(user) and obj.memberships.filter(association__leaders=user).exists():
            return True
        shown = obj.show_as_expert and obj.has_consent and obj.erased_at is None
        return bool(shown and user_fact("body_member", user))
