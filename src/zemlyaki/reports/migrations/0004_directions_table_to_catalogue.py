"""The analysis' directions become the platform's catalogue (app ``directions``).

Step 1 of 3: the table is renamed to the catalogue's; the rows (and their ids, so every
finding and lexicon entry keeps its direction) stay. ``directions.0001`` then takes the
model over, and ``reports.0005`` points the foreign keys at ``directions.Direction``."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_analysis_error_status")]

    operations = [
        migrations.AlterModelTable(name="activitydirection", table="directions_direction"),
    ]
