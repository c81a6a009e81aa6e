"""Expert search reads a page without ranking or counting every match: B-tree indexes in
the two orders of the results let PostgreSQL walk them and stop after a page for broad
queries, and a GIN index on ``expertise_vector`` finds the best-ranked matches of narrow
ones. Fresh statistics let the planner tell broad queries from narrow ones."""

from django.db import migrations, models


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS people_person_expertise_vector ON people_person "
        "USING gin (expertise_vector)"
    )
    # Columns added by ALTER TABLE have no statistics until the next ANALYZE; without
    # them the planner guesses how many rows a full-text condition matches.
    for table in ("people_person", "people_person_competencies", "people_person_interests"):
        schema_editor.execute(f"ANALYZE {table}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS people_person_expertise_vector")


class Migration(migrations.Migration):
    dependencies = [("people", "0005_stored_expertise_vector")]

    operations = [
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                fields=["-is_initiative", "last_name", "first_name", "id"],
                name="people_person_ranked_order",
            ),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                fields=["last_name", "first_name", "patronymic", "id"],
                name="people_person_name_order",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
