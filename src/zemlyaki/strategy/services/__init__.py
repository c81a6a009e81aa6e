"""Writes of the strategy documents: sections and their revisions, review (comments,
amendments, positions), the section workflow, and approval by an event's decision.

Permission is checked by the callers (views and API, through ``rules.py``); these
functions guard the states: a wrong transition or a stale save is refused here, whoever asks.

The writes live in modules by concern; this package names them all, so callers keep
importing ``zemlyaki.strategy.services``.
"""

from .amendments import amendment_accept, amendment_create, amendment_merge, amendment_reject
from .approval import document_approve, version_publish_files
from .base import (
    AMENDABLE,
    DEFAULT_REVIEW_DAYS,
    EDITABLE,
    StaleRevision,
    WorkflowError,
    refuse_if_retired,
    refuse_unless_amendable,
    refuse_unless_editable,
)
from .comments import comment_create, comment_resolve
from .documents import (
    SETTINGS_FIELDS,
    _task_due,
    document_create,
    document_renumber,
    document_update,
    section_create,
    section_deadline,
    section_update_settings,
)
from .drafts import draft_discard, draft_for, draft_save
from .revisions import revision_restore, section_save
from .workflow import (
    TRANSITIONS,
    is_current_member,
    open_round,
    person_of,
    position_record,
    round_tally,
    section_transition,
)

__all__ = [
    "AMENDABLE",
    "DEFAULT_REVIEW_DAYS",
    "EDITABLE",
    "SETTINGS_FIELDS",
    "TRANSITIONS",
    "StaleRevision",
    "WorkflowError",
    "_task_due",
    "amendment_accept",
    "amendment_create",
    "amendment_merge",
    "amendment_reject",
    "comment_create",
    "comment_resolve",
    "document_approve",
    "document_create",
    "document_renumber",
    "document_update",
    "draft_discard",
    "draft_for",
    "draft_save",
    "is_current_member",
    "open_round",
    "person_of",
    "position_record",
    "refuse_if_retired",
    "refuse_unless_amendable",
    "refuse_unless_editable",
    "revision_restore",
    "round_tally",
    "section_create",
    "section_deadline",
    "section_save",
    "section_transition",
    "section_update_settings",
    "version_publish_files",
]

# The writes and their refusals keep this package as their home module, as before the split:
# the events app tells a refusal of a decision's effect (an error from the module of the
# function it called) from a bug by comparing the two modules.
for _name in __all__:
    _value = globals()[_name]
    if isinstance(_value, type) or callable(_value):
        _value.__module__ = __name__
