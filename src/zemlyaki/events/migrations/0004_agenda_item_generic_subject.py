import django.db.models.deletion
from django.db import migrations, models


def section_to_subject(apps, schema_editor):
    """Agenda items that named a strategy section by number now name it generically."""
    AgendaItem = apps.get_model("events", "AgendaItem")
    ContentType = apps.get_model("contenttypes", "ContentType")
    items = AgendaItem.objects.filter(section_id__isnull=False)
    if not items.exists():
        return
    section_type, _created = ContentType.objects.get_or_create(
        app_label="strategy", model="section"
    )
    for item in items:
        item.subject_type_id = section_type.pk
        item.subject_id = item.section_id
        item.subject_title = item.section_title
        item.save(update_fields=["subject_type", "subject_id", "subject_title"])


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("events", "0003_questionnaire_link_on_site"),
    ]

    operations = [
        migrations.AddField(
            model_name="agendaitem",
            name="subject_id",
            field=models.PositiveBigIntegerField(
                blank=True, null=True, verbose_name="предмет обсуждения (номер)"
            ),
        ),
        migrations.AddField(
            model_name="agendaitem",
            name="subject_title",
            field=models.CharField(blank=True, max_length=300, verbose_name="предмет обсуждения"),
        ),
        migrations.AddField(
            model_name="agendaitem",
            name="subject_type",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="contenttypes.contenttype",
                verbose_name="предмет обсуждения (вид)",
            ),
        ),
        migrations.RunPython(section_to_subject, migrations.RunPython.noop),
        migrations.RemoveField(model_name="agendaitem", name="section_id"),
        migrations.RemoveField(model_name="agendaitem", name="section_title"),
        migrations.AddIndex(
            model_name="agendaitem",
            index=models.Index(
                fields=["subject_type", "subject_id"], name="events_agen_subject_6898d4_idx"
            ),
        ),
    ]
