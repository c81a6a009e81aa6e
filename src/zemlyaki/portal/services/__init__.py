"""Writes of the public site: news, publishing choices, practices, the help desk."""

from .helpdesk import question_answer, question_ask, question_assign, question_publish
from .news import event_place_save, news_create, news_update, publication_save, sanitise_html
from .practices import practice_accept, practice_create

__all__ = [
    "event_place_save",
    "news_create",
    "news_update",
    "practice_accept",
    "practice_create",
    "publication_save",
    "question_answer",
    "question_ask",
    "question_assign",
    "question_publish",
    "sanitise_html",
]
