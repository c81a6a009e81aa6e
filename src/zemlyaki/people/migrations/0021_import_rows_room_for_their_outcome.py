"""Room on each page of an import's rows for their outcome (PostgreSQL).

The preview writes the rows; applying writes each row's outcome. An update that finds
no room on the row's page writes the new version elsewhere and a new entry in every
index of the table: a re-import of 100,000 unchanged rows spent 1.8 s on one
``UPDATE … SET outcome = 'unchanged'``. With pages filled to 60 %, the new version
stays on its page and, where no indexed column changes (the outcome of an unchanged
row), no index is touched (a HOT update): 0.5 s. The rows take more room on disk; they
are working data of the import.
"""

from django.db import migrations

from ._postgresql import on_postgresql


class Migration(migrations.Migration):
    dependencies = [("people", "0020_membership_marks_written_by_the_writer")]

    operations = [
        on_postgresql(
            "ALTER TABLE people_importrow SET (fillfactor = 60)",
            "ALTER TABLE people_importrow RESET (fillfactor)",
        )
    ]
