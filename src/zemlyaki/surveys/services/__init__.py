"""Writes of surveys: the survey and its questions, answering, profile changes proposed
by the answers, and personal invitations.

The writes live in modules by concern; this package names them all, so callers keep
importing ``zemlyaki.surveys.services``.
"""

from zemlyaki.core.security import token_hash

from .answering import (
    RateLimited,
    contexts_for,
    response_save_page,
    response_start,
    response_submit,
    response_submit_all,
    stored_values,
)
from .base import QUESTION_FIELDS, SURVEY_FIELDS, has_answers
from .invitations import invitation_by_token, invitations_remind, invitations_send
from .profile_changes import profile_change_accept, profile_change_reject
from .questions import question_create, question_delete, question_move, question_update
from .surveys import (
    association_choice,
    survey_create,
    survey_delete,
    survey_duplicate,
    survey_update,
)

__all__ = [
    "QUESTION_FIELDS",
    "SURVEY_FIELDS",
    "RateLimited",
    "association_choice",
    "contexts_for",
    "has_answers",
    "invitation_by_token",
    "invitations_remind",
    "invitations_send",
    "profile_change_accept",
    "profile_change_reject",
    "question_create",
    "question_delete",
    "question_move",
    "question_update",
    "response_save_page",
    "response_start",
    "response_submit",
    "response_submit_all",
    "stored_values",
    "survey_create",
    "survey_delete",
    "survey_duplicate",
    "survey_update",
    "token_hash",
]
