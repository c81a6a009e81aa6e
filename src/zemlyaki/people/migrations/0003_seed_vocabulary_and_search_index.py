"""The starting vocabularies, and on PostgreSQL the full-text index of expert search."""

from django.db import migrations

INDEX = "people_person_fts"


def seed(apps, schema_editor):
    from zemlyaki.people.vocabulary import seed as seed_vocabulary

    seed_vocabulary(apps.get_model("people", "Competency"), apps.get_model("people", "Interest"))


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON people_person "
        "USING gin (to_tsvector('simple'::regconfig, search_text))"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("people", "0002_vocabulary_consent_imports")]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(create_index, drop_index),
    ]
