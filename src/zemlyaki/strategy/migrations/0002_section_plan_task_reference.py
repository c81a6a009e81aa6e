"""A section's plan task becomes a real reference to plan.Task (it was a bare number).
Numbers of tasks that exist are kept; those of tasks that are gone are dropped."""

import django.db.models.deletion
from django.db import migrations, models


def keep_existing_tasks(apps, schema_editor):
    Section = apps.get_model("strategy", "Section")
    Task = apps.get_model("plan", "Task")
    ids = set(Section.objects.exclude(plan_task_id=None).values_list("plan_task_id", flat=True))
    existing = set(Task.objects.filter(pk__in=ids).values_list("pk", flat=True))
    for task_id in existing:
        Section.objects.filter(plan_task_id=task_id).update(plan_task_ref_id=task_id)


def back_to_numbers(apps, schema_editor):
    Section = apps.get_model("strategy", "Section")
    for section in Section.objects.exclude(plan_task_ref=None):
        Section.objects.filter(pk=section.pk).update(plan_task_id=section.plan_task_ref_id)


class Migration(migrations.Migration):
    dependencies = [
        ("plan", "0001_initial"),
        ("strategy", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="section",
            name="plan_task_ref",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="plan.task",
            ),
        ),
        migrations.RunPython(keep_existing_tasks, back_to_numbers),
        migrations.RemoveField(model_name="section", name="plan_task_id"),
        migrations.RenameField(
            model_name="section", old_name="plan_task_ref", new_name="plan_task"
        ),
        migrations.AlterField(
            model_name="section",
            name="plan_task",
            field=models.ForeignKey(
                blank=True,
                error_messages={"invalid": "Мероприятие плана не найдено."},
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="strategy_sections",
                to="plan.task",
                verbose_name="мероприятие плана",
            ),
        ),
    ]
