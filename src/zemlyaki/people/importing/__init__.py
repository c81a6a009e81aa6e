"""Import of leaders' member lists (XLSX or CSV): reading, column mapping, preview,
applying in one transaction, the error report, and undo; the work that grows with the
file runs in background tasks (``people.tasks``).

The steps live in modules by concern; this package names what callers use, so they keep
importing ``zemlyaki.people.importing``.
"""

from .applying import BATCH, import_apply
from .background import import_read, import_record_failure, import_restart
from .matching import MATCH_LABELS, Matcher
from .preview import import_commit, import_create, import_set_mapping
from .reading import (
    FIELDS,
    HEADER_SYNONYMS,
    ROLE_WORDS,
    guess_mapping,
    header_key,
    parse_row,
    read_table,
)
from .report import error_report_download, error_report_name, error_report_write
from .undo import import_undo, import_undo_run

__all__ = [
    "BATCH",
    "FIELDS",
    "HEADER_SYNONYMS",
    "MATCH_LABELS",
    "ROLE_WORDS",
    "Matcher",
    "error_report_download",
    "error_report_name",
    "error_report_write",
    "guess_mapping",
    "header_key",
    "import_apply",
    "import_commit",
    "import_create",
    "import_read",
    "import_record_failure",
    "import_restart",
    "import_set_mapping",
    "import_undo",
    "import_undo_run",
    "parse_row",
    "read_table",
]
