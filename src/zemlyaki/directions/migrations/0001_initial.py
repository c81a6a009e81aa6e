"""The catalogue of directions takes over the reports analysis' table (renamed by
reports.0004) and adds the tree, the level and the sources."""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("core", "0001_initial"),
        ("reports", "0004_directions_table_to_catalogue"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Direction",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("code", models.SlugField(max_length=40, unique=True, verbose_name="код")),
                        ("name", models.CharField(max_length=200, verbose_name="название")),
                        (
                            "order",
                            models.PositiveSmallIntegerField(default=0, verbose_name="порядок"),
                        ),
                    ],
                    options={
                        "verbose_name": "направление",
                        "verbose_name_plural": "направления",
                        "ordering": ["order", "name"],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
