"""A statement the people migrations run on PostgreSQL only (an index option, an index
that SQLite would only pay for). Not a migration itself: the loader skips modules whose
name starts with «_»."""

from collections.abc import Callable
from typing import Any

from django.db import migrations


def on_postgresql(forwards: str, backwards: str) -> migrations.RunPython:
    """``RunPython`` running ``forwards`` (``backwards`` when unapplied) on PostgreSQL,
    nothing on another database."""

    def run(sql: str) -> Callable[[Any, Any], None]:
        def operation(apps: Any, schema_editor: Any) -> None:
            if schema_editor.connection.vendor == "postgresql":
                schema_editor.execute(sql, params=None)

        return operation

    return migrations.RunPython(run(forwards), run(backwards))
