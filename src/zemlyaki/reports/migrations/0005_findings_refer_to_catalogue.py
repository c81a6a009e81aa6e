"""Step 3 of 3: findings and lexicon entries refer to ``directions.Direction``; the
reports app no longer has a model of its own for directions (the table is the same)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0004_directions_table_to_catalogue"),
        ("directions", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="lexiconentry",
                    name="direction",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="entries",
                        to="directions.direction",
                        verbose_name="направление",
                    ),
                ),
                migrations.AlterField(
                    model_name="reportfinding",
                    name="direction",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="findings",
                        to="directions.direction",
                        verbose_name="направление",
                    ),
                ),
                migrations.DeleteModel(name="ActivityDirection"),
            ],
            database_operations=[],
        ),
    ]
