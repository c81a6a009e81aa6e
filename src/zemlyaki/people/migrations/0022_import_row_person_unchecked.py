"""An import row's person is no longer checked by the database.

Applying a list sets the person of each of its rows: on PostgreSQL the check of that key
ran at the commit, one lookup of the person per row (100,000 rows: 0.34 s of the 10 s of
applying, with the process waiting). The persons are those the same transaction has just
written or matched. Django still empties the field when a person is deleted
(``SET_NULL``), and the index that a person's data request and that deletion search by
stays.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("people", "0021_import_rows_room_for_their_outcome")]

    operations = [
        migrations.AlterField(
            model_name="importrow",
            name="person",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="people.person",
                verbose_name="участник",
            ),
        ),
    ]
