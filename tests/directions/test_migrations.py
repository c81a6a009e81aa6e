"""The reports analysis' directions become the catalogue's rows, with the same ids, and
the lexicon keeps pointing at them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("reports", "0003_analysis_error_status")]


def _migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_activity_directions_move_to_the_catalogue():
    apps = _migrate(BEFORE)
    try:
        Old = apps.get_model("reports", "ActivityDirection")
        Entry = apps.get_model("reports", "LexiconEntry")
        old = Old.objects.create(code="crafts", name="Народные промыслы", order=40)
        entry = Entry.objects.create(
            kind="direction", direction=old, phrase="промысел", lemmas="промысел"
        )
        count = Old.objects.count()
    finally:
        apps = _migrate()
    Direction = apps.get_model("directions", "Direction")
    Entry = apps.get_model("reports", "LexiconEntry")
    moved = Direction.objects.get(pk=old.pk)
    assert (moved.code, moved.name, moved.order, moved.level, moved.parent_id) == (
        "crafts",
        "Народные промыслы",
        40,
        "own",
        None,
    )
    assert Direction.objects.count() == count
    assert Entry.objects.get(pk=entry.pk).direction_id == old.pk
    # The catalogue's own table takes new rows after the moved ones.
    fresh = Direction.objects.create(code="new-one", name="Новое")
    assert fresh.pk > old.pk
