"""On PostgreSQL the expert search reads a stored tsvector: the index no longer has to
recompute ``to_tsvector`` for every candidate row it rechecks."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE people_person ADD COLUMN IF NOT EXISTS search_vector tsvector "
        "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS people_person_search_vector ON people_person "
        "USING gin (search_vector)"
    )
    schema_editor.execute("DROP INDEX IF EXISTS people_person_fts")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS people_person_fts ON people_person "
        "USING gin (to_tsvector('simple'::regconfig, search_text))"
    )
    schema_editor.execute("ALTER TABLE people_person DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [("people", "0003_seed_vocabulary_and_search_index")]

    operations = [migrations.RunPython(forwards, backwards)]
