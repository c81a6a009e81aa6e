from django.db import migrations


def load(apps, schema_editor):
    from zemlyaki.core.reference import load_reference

    load_reference(apps.get_model("core", "FederalDistrict"), apps.get_model("core", "Region"))


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
