"""The data migration that makes a section's plan task a real reference."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("plan", "0001_initial"), ("strategy", "0001_initial")]
AFTER = [("plan", "0001_initial"), ("strategy", "0002_section_plan_task_reference")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("restore_migrations")
def test_plan_task_numbers_become_references_and_dangling_ones_are_dropped():
    apps = _migrate(BEFORE)
    Plan = apps.get_model("plan", "Plan")
    Task = apps.get_model("plan", "Task")
    Document = apps.get_model("strategy", "Document")
    Section = apps.get_model("strategy", "Section")
    plan = Plan.objects.create(title="План")
    task = Task.objects.create(
        plan=plan, number="7", title="Разработать", due_date=datetime.date(2024, 8, 1)
    )
    document = Document.objects.create(title="Стратегия", slug="strategiya")
    linked = Section.objects.create(document=document, order=1, title="Один", plan_task_id=task.pk)
    dangling = Section.objects.create(
        document=document, order=2, title="Два", plan_task_id=task.pk + 1000
    )
    plain = Section.objects.create(document=document, order=3, title="Три")

    apps = _migrate(AFTER)
    Section = apps.get_model("strategy", "Section")
    assert Section.objects.get(pk=linked.pk).plan_task_id == task.pk
    assert Section.objects.get(pk=dangling.pk).plan_task_id is None
    assert Section.objects.get(pk=plain.pk).plan_task_id is None
