"""On PostgreSQL the ranking of expert search tests a stored tsvector of competencies and
interests instead of a substring search in every matched row."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE people_person ADD COLUMN IF NOT EXISTS expertise_vector tsvector "
        "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, expertise_text)) STORED"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE people_person DROP COLUMN IF EXISTS expertise_vector")


class Migration(migrations.Migration):
    dependencies = [("people", "0004_stored_search_vector")]

    operations = [migrations.RunPython(forwards, backwards)]
