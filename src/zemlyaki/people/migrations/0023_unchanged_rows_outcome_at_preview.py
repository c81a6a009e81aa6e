"""The rows a preview found unchanged since the last import carry their outcome from the
preview on: applying no longer gives it to them afterwards (an update of every such row,
0.7 s of a re-import of 100,000 rows). The previews waiting to be applied get it here."""

from django.db import migrations


def unchanged_outcome(apps, schema_editor):
    ImportRow = apps.get_model("people", "ImportRow")
    ImportRow.objects.filter(match_on="unchanged", outcome="").update(outcome="unchanged")


class Migration(migrations.Migration):
    dependencies = [("people", "0022_import_row_person_unchecked")]

    operations = [migrations.RunPython(unchanged_outcome, migrations.RunPython.noop)]
