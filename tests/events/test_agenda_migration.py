"""Agenda items that named a strategy section by number keep it as their generic subject."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.mark.django_db(transaction=True)
def test_section_number_becomes_the_generic_subject():
    executor = MigrationExecutor(connection)
    old, new = (
        [("events", "0003_questionnaire_link_on_site")],
        [("events", "0004_agenda_item_generic_subject")],
    )
    executor.migrate(old)
    apps = executor.loader.project_state(old).apps
    Event = apps.get_model("events", "Event")
    event = Event.objects.create(
        kind="round_table", title="Круглый стол", starts_at="2026-01-10T10:00Z"
    )
    AgendaItem = apps.get_model("events", "AgendaItem")
    AgendaItem.objects.create(
        event=event, title="О разделе 2", section_id=42, section_title="2. Цели"
    )
    AgendaItem.objects.create(event=event, title="Разное")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(new)
    apps = executor.loader.project_state(new).apps
    rows = list(
        apps.get_model("events", "AgendaItem")
        .objects.order_by("pk")
        .values_list("title", "subject_type__app_label", "subject_type__model", "subject_id",
                     "subject_title")
    )  # fmt: skip
    assert rows == [
        ("О разделе 2", "strategy", "section", 42, "2. Цели"),
        ("Разное", None, None, None, ""),
    ]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
