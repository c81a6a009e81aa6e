"""The B-tree indexes in the orders of expert search serve only PostgreSQL, which walks
them in order for broad queries. SQLite searches text by a scan of the table whatever
the order, so there they only slowed down inserts (a list import of 100 000 rows by
several seconds): they are dropped on SQLite and no longer part of the model."""

from django.db import migrations

INDEXES = {
    "people_person_ranked_order": "(is_initiative DESC, last_name, first_name, id)",
    "people_person_name_order": "(last_name, first_name, patronymic, id)",
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        return
    for name, columns in INDEXES.items():
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON people_person {columns}')


class Migration(migrations.Migration):
    dependencies = [("people", "0006_search_order_indexes")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name="person", name="people_person_ranked_order"),
                migrations.RemoveIndex(model_name="person", name="people_person_name_order"),
            ],
            database_operations=[migrations.RunPython(forwards, backwards)],
        )
    ]
