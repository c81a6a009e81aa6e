"""Who may do what on the public site.

Everyone reads what is published. An association's leader writes news for their own
association and chooses what of it the site shows; the coordinator writes for the council
(and may act for any association), accepts practices and runs the help desk.
"""

from typing import Any

import rules

from zemlyaki.accounts.rules import is_coordinator, is_leader
from zemlyaki.governance.powers import has_power


def leads(user: Any, association: Any) -> bool:
    if association is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.led_associations.filter(pk=association.pk).exists())


@rules.predicate
def may_write_for(user, association) -> bool:  # type: ignore[no-untyped-def]
    """News for ``association`` (None: the council's news)."""
    if is_coordinator(user):
        return True
    return bool(is_leader(user) and association is not None and leads(user, association))


@rules.predicate
def may_edit_news(user, news) -> bool:  # type: ignore[no-untyped-def]
    if news is None:
        return False
    return bool(may_write_for(user, news.association))


@rules.predicate
def writes_news(user) -> bool:  # type: ignore[no-untyped-def]
    return bool(is_coordinator(user) or (is_leader(user) and user.led_associations.exists()))


@rules.predicate
def may_publish_association(user, association) -> bool:  # type: ignore[no-untyped-def]
    return bool(is_coordinator(user) or (is_leader(user) and leads(user, association)))


rules.add_perm("portal.view_newsitem", rules.always_allow)
rules.add_perm("portal.add_newsitem", writes_news)
rules.add_perm("portal.write_news_for", may_write_for)
rules.add_perm("portal.change_newsitem", may_edit_news)
rules.add_perm("portal.change_publication", may_publish_association)
rules.add_perm("portal.manage_practices", is_coordinator)
rules.add_perm("portal.place_event", is_coordinator | has_power("events.run"))
rules.add_perm("portal.manage_questions", is_coordinator)
