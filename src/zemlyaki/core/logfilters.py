"""Filters for the platform's logs."""

import logging
from typing import Any

from .security import client_address


class ForbiddenOneLine(logging.Filter):
    """A refused request (403) is logged as one line — who, from where, what — not as a
    traceback of the PermissionDenied that refused it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) != 403:
            return True
        request = getattr(record, "request", None)
        if request is None:
            return True
        user: Any = getattr(request, "user", None)
        who = user.get_username() if getattr(user, "is_authenticated", False) else "anonymous"
        record.msg = "Forbidden: user=%s address=%s %s %s"
        record.args = (who, client_address(request), request.method, request.get_full_path())
        record.exc_info = None
        record.exc_text = None
        return True
