"""A decision's target becomes a generic reference through contenttypes (it was a model
label and an id as text). Existing targets are kept; an id that is not a number is dropped."""

import django.db.models.deletion
from django.db import migrations, models


def to_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Decision = apps.get_model("events", "Decision")
    for decision in Decision.objects.exclude(target_type=""):
        app_label, _dot, model = decision.target_type.partition(".")
        target_id = (decision.target_id or "").strip()
        if not (app_label and model and target_id.isdigit()):
            continue
        content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
        decision.target_content_type = content_type
        decision.target_object_id = int(target_id)
        decision.save(update_fields=["target_content_type", "target_object_id"])


def to_labels(apps, schema_editor):
    Decision = apps.get_model("events", "Decision")
    for decision in Decision.objects.exclude(target_content_type=None).select_related(
        "target_content_type"
    ):
        content_type = decision.target_content_type
        decision.target_type = f"{content_type.app_label}.{content_type.model}"
        decision.target_id = str(decision.target_object_id or "")
        decision.save(update_fields=["target_type", "target_id"])


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("events", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="decision",
            name="target_content_type",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="contenttypes.contenttype",
                verbose_name="объект решения (вид)",
            ),
        ),
        migrations.AddField(
            model_name="decision",
            name="target_object_id",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(to_content_types, to_labels),
        migrations.RemoveIndex(model_name="decision", name="events_deci_target__867eb1_idx"),
        migrations.RemoveField(model_name="decision", name="target_type"),
        migrations.RemoveField(model_name="decision", name="target_id"),
        migrations.RenameField(
            model_name="decision", old_name="target_object_id", new_name="target_id"
        ),
        migrations.AlterField(
            model_name="decision",
            name="target_id",
            field=models.PositiveBigIntegerField(
                blank=True, null=True, verbose_name="объект решения (номер)"
            ),
        ),
        migrations.AddIndex(
            model_name="decision",
            index=models.Index(
                fields=["target_content_type", "target_id"], name="events_deci_target__133817_idx"
            ),
        ),
    ]
