"""Every operation of the OpenAPI document × every role answers the status written in
``role_matrix.txt``; a refused write changes nothing.

The table must name exactly the operations of ``/api/v1/openapi.json``: a new operation
without a row fails ``test_table_covers_every_operation`` (add its row, and a recipe in
``matrix_recipes.py`` if it takes a body or another object than the default).
"""

from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test import Client

from tests.api.matrix_recipes import request_for
from tests.api.matrix_world import ROLES, build
from zemlyaki.accounts.services import token_create

# One worker runs the whole module (make test: --dist loadgroup), so the world is built once.
pytestmark = pytest.mark.xdist_group("role_matrix")

TABLE = Path(__file__).with_name("role_matrix.txt")
WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def read_table(path: Path = TABLE) -> dict[str, dict[str, Any]]:
    """``"METHOD /api/v1/path"`` → ``{"status": {role: code}, "note": text}``."""
    rows: dict[str, dict[str, Any]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line, _, note = line.partition("#")
        cells = line.split()
        if not cells:
            continue
        assert len(cells) == 2 + len(ROLES), f"{path.name}:{number}: {len(cells)} cells"
        operation = f"{cells[0]} {cells[1]}"
        assert operation not in rows, f"{path.name}:{number}: {operation} twice"
        rows[operation] = {
            "status": dict(zip(ROLES, map(int, cells[2:]), strict=True)),
            "note": note.strip(),
        }
    return rows


ROWS = read_table()
CASES = [(operation, role) for operation in ROWS for role in ROLES]


def _snapshot_sql() -> str:
    """One query: the row count of every table of the platform, and for a table of
    changeable rows its latest ``updated_at``."""
    parts = []
    for model in apps.get_models():
        if not model.__module__.startswith("zemlyaki.") or model._meta.proxy:
            continue
        table = connection.ops.quote_name(model._meta.db_table)
        parts.append(f"(SELECT COUNT(*) FROM {table})")
        names = {f.name for f in model._meta.concrete_fields}
        if "updated_at" in names:
            column = connection.ops.quote_name(model._meta.get_field("updated_at").column)
            parts.append(f"(SELECT MAX({column}) FROM {table})")
    return "SELECT " + ", ".join(parts)


def snapshot() -> tuple[Any, ...]:
    with connection.cursor() as cursor:
        cursor.execute(_snapshot_sql())
        return tuple(cursor.fetchone())


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once per module inside a transaction that is rolled back at its end; every
    case runs in its own savepoint (the ``db`` fixture), so writes never leak."""
    with django_db_blocker.unblock(), transaction.atomic():
        w = build()
        w.tokens = {
            role: (token_create(user=user)[1] if user is not None else None)
            for role, user in w.users.items()
        }
        w.snapshot = snapshot()
        yield w
        transaction.set_rollback(True)


def call(w: Any, operation: str, role: str) -> Any:
    method, path, kwargs = request_for(operation, w)
    token = w.tokens[role]
    if token:
        kwargs["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return getattr(Client(), method.lower())(path, **kwargs)


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return Client().get("/api/v1/openapi.json").json()


def test_table_covers_every_operation(schema):
    documented = {
        f"{method.upper()} {path}" for path, ops in schema["paths"].items() for method in ops
    }
    rows = {operation.partition("@")[0] for operation in ROWS}
    assert sorted(documented - set(ROWS)) == [], "operations without a row in role_matrix.txt"
    assert sorted(rows - documented) == [], "rows of role_matrix.txt for no operation"


def test_every_operation_succeeds_for_some_role():
    """A row where every role is refused tests only refusals: its recipe is missing or
    wrong (a variant on a hidden or closed object may refuse everyone)."""
    failing = [
        operation
        for operation, row in ROWS.items()
        if "@" not in operation and not any(200 <= code < 300 for code in row["status"].values())
    ]
    assert failing == []


@pytest.mark.parametrize(("operation", "role"), CASES, ids=[f"{o} | {r}" for o, r in CASES])
def test_role_matrix(operation, role, world, db):
    expected = ROWS[operation]["status"][role]
    method = operation.split()[0]
    before = snapshot() if method in WRITES else None
    response = call(world, operation, role)
    assert response.status_code == expected, response.content[:500]
    if before is None:
        return
    if response.status_code >= 400:
        assert snapshot() == before, "a refused write changed the data"
    elif "no change" not in ROWS[operation]["note"]:
        assert snapshot() != before, "an accepted write changed nothing"


def test_cases_leave_the_world_as_built(world, db):
    """Each case ran in a savepoint rolled back after it: the shared world is untouched."""
    assert snapshot() == world.snapshot
