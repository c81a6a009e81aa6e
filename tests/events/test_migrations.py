"""The data migration that turns a decision's target label and id into a generic reference."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("plan", "0001_initial"), ("events", "0001_initial")]
AFTER = [("plan", "0001_initial"), ("events", "0002_decision_target_generic_reference")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("restore_migrations")
def test_decision_targets_become_content_type_references():
    apps = _migrate(BEFORE)
    Event = apps.get_model("events", "Event")
    Decision = apps.get_model("events", "Decision")
    Plan = apps.get_model("plan", "Plan")
    plan = Plan.objects.create(title="План")
    event = Event.objects.create(kind="round_table", title="Круглый стол", starts_at=timezone.now())
    on_plan = Decision.objects.create(
        event=event, number=1, text="Утвердить", target_type="plan.plan", target_id=str(plan.pk)
    )
    broken = Decision.objects.create(
        event=event, number=2, text="Сломанное", target_type="plan.plan", target_id="x"
    )
    without = Decision.objects.create(event=event, number=3, text="Без объекта")

    apps = _migrate(AFTER)
    Decision = apps.get_model("events", "Decision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    plan_type = ContentType.objects.get(app_label="plan", model="plan")
    decision = Decision.objects.get(pk=on_plan.pk)
    assert (decision.target_content_type_id, decision.target_id) == (plan_type.pk, plan.pk)
    for pk in (broken.pk, without.pk):
        decision = Decision.objects.get(pk=pk)
        assert (decision.target_content_type_id, decision.target_id) == (None, None)
