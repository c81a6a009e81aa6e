"""Who may do what with the strategy documents.

Powers come from the working bodies (``governance.powers``), scoped to a section or to
its whole document; the owner of a section (a person linked to the user) drafts it even
without a body's power. The section's state is an input too: nobody edits a section
under review or approved, positions are recorded only during a review.
"""

from typing import Any

import rules

from zemlyaki.core.visibility import view_rule
from zemlyaki.governance.powers import user_has_power

from .models import (
    Amendment,
    Comment,
    Document,
    DocumentStatus,
    Section,
    SectionStatus,
)
from .visibility import takes_part


def section_of(obj: Any) -> Section | None:
    if isinstance(obj, Section):
        return obj
    if isinstance(obj, Amendment | Comment):
        return obj.section
    return None


def _power(code: str) -> Any:
    """Holds ``code`` unscoped, or scoped to the section, or to its document."""

    @rules.predicate(name=f"strategy_power:{code}")
    def predicate(user: Any, obj: Any = None) -> bool:
        section = section_of(obj)
        if section is None:
            return user_has_power(user, code, obj if isinstance(obj, Document) else None)
        return user_has_power(user, code, section) or user_has_power(user, code, section.document)

    return predicate


can_edit_power = _power("strategy.edit_section")


@rules.predicate(name="document_power:strategy.edit_section")
def can_edit_document_power(user: Any, obj: Any = None) -> bool:
    """The power to edit the sections of the whole document (unscoped or for this document):
    the editorial group's; a power for one section does not reach the outline."""
    document = obj if isinstance(obj, Document) else getattr(section_of(obj), "document", None)
    return user_has_power(user, "strategy.edit_section", document)


can_review_power = _power("strategy.review")
can_manage_power = _power("strategy.manage_workflow")
can_approve_power = _power("strategy.approve")


@rules.predicate
def is_section_owner(user: Any, obj: Any = None) -> bool:
    section = section_of(obj)
    if section is None or section.owner_id is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(section.owner and section.owner.user_id == user.pk)


def _state_in(*states: str) -> Any:
    @rules.predicate(name=f"section_state_in:{','.join(states)}")
    def predicate(user: Any, obj: Any = None) -> bool:
        section = section_of(obj)
        return section is not None and section.status in states

    return predicate


@rules.predicate
def is_retired(user: Any, obj: Any = None) -> bool:
    section = section_of(obj)
    return section is not None and section.retired_at is not None


@rules.predicate
def is_draft_document(user: Any, obj: Any = None) -> bool:
    document = obj if isinstance(obj, Document) else getattr(section_of(obj), "document", None)
    return document is not None and document.status != DocumentStatus.APPROVED


# Those who take part in the work: the rule of ``Section.objects.visible_to`` and of the
# working copy of a document (``Document.objects.visible_to`` adds approved documents,
# which everyone reads on their public page).
participant = rules.predicate(takes_part, name="takes_part")


@rules.predicate
def is_pending_amendment(user: Any, obj: Any = None) -> bool:
    return isinstance(obj, Amendment) and obj.status == "pending"


@rules.predicate
def is_comment_author(user: Any, obj: Any = None) -> bool:
    return isinstance(obj, Comment) and obj.author_id is not None and obj.author_id == user.pk


@rules.predicate
def is_reviewing_member(user: Any, obj: Any = None) -> bool:
    """A current member of the body reviewing the section now."""
    section = section_of(obj)
    if section is None or not getattr(user, "is_authenticated", False):
        return False
    from .services import is_current_member, open_round, person_of

    review = open_round(section)
    return review is not None and is_current_member(person_of(user), review.body)


drafter = is_section_owner | can_edit_power
editable = _state_in(SectionStatus.DRAFT, SectionStatus.REWORK) & ~is_retired
amendable = _state_in(SectionStatus.DRAFT, SectionStatus.REVIEW, SectionStatus.REWORK) & ~is_retired
not_approved = ~_state_in(SectionStatus.APPROVED) & ~is_retired

# Internal (draft) documents: the people of the strategy work.
rules.add_perm("strategy.view_document", participant)
rules.add_perm("strategy.add_document", can_manage_power)
rules.add_perm("strategy.change_document", can_manage_power)
rules.add_perm("strategy.view_section", view_rule(Section, participant))
# The record of changes is read by everyone who reads the document, whatever its state.
rules.add_perm("strategy.view_history", participant)
# The outline (add, rename, reorder, remove sections): the editorial group, that is the
# power to edit the document's sections unscoped or for this document, while it is a draft.
rules.add_perm("strategy.change_structure", can_edit_document_power & is_draft_document)
rules.add_perm("strategy.change_section_settings", can_manage_power & not_approved)
# Text: the owner or an editor. The edit page, the save, the restore and their API twins
# check this rule and leave the state to the service, which refuses a section that is not
# a draft or back for rework with its reason (409, page and API alike).
rules.add_perm("strategy.draft_section", drafter)
# The same while the state allows it: only to show the buttons that would succeed.
rules.add_perm("strategy.change_section", drafter & editable)
# Amendments: the reviewers. The page and the API check this rule; the state is the
# service's (409 with the reason), as for the text.
rules.add_perm("strategy.propose_amendment", can_review_power)
# Review: comments and amendments are seen and written by the reviewers and the drafters.
rules.add_perm("strategy.view_comments", drafter | can_review_power | can_manage_power)
rules.add_perm(
    "strategy.add_comment", (drafter | can_review_power | can_manage_power) & not_approved
)
rules.add_perm("strategy.resolve_comment", is_comment_author | drafter | can_manage_power)
# The same while the state allows it: only to show the amendment form.
rules.add_perm("strategy.add_amendment", can_review_power & amendable)
rules.add_perm("strategy.decide_amendment", drafter & amendable & is_pending_amendment)
rules.add_perm("strategy.record_position", is_reviewing_member & _state_in(SectionStatus.REVIEW))
# Workflow: powers only; the state is checked by the service, which says why it refuses.
rules.add_perm("strategy.submit_section", drafter | can_manage_power)
rules.add_perm("strategy.return_section", can_manage_power)
rules.add_perm("strategy.agree_section", can_manage_power)
rules.add_perm("strategy.approve_document", can_approve_power)

TRANSITION_PERMS: dict[str, str] = {
    SectionStatus.REVIEW: "strategy.submit_section",
    SectionStatus.REWORK: "strategy.return_section",
    SectionStatus.AGREED: "strategy.agree_section",
    SectionStatus.APPROVED: "strategy.approve_document",
    SectionStatus.DRAFT: "strategy.return_section",
}


def transition_perm(to: str) -> str:
    return TRANSITION_PERMS.get(to, "strategy.return_section")


def available_transitions(user: Any, section: Section) -> list[str]:
    """Targets the user may move the section to from its current state (for the buttons)."""
    from .services import TRANSITIONS

    if section.retired_at is not None:
        return []
    return [
        to
        for to, sources in TRANSITIONS.items()
        if section.status in sources and user.has_perm(transition_perm(to), section)
    ]
