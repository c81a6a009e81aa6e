"""One visibility rule: plans and their tasks are read by everyone signed in."""

import pytest

from tests.plan.factories import make_plan, make_task
from tests.support.visibility import assert_agrees
from zemlyaki.plan.models import Plan, Task

pytestmark = pytest.mark.django_db


def test_plans_and_tasks_to_signed_in_users_only(role_matrix):
    plan = make_plan()
    task = make_task(plan, "1", "Подготовить доклад")
    seen = assert_agrees(
        Plan, role_matrix.values(), lambda user, obj: user.has_perm("plan.view_plan", obj)
    )
    tasks = assert_agrees(Task, role_matrix.values())
    for role, user in role_matrix.items():
        assert seen[user] == (set() if role == "guest" else {plan.pk}), role
        assert tasks[user] == (set() if role == "guest" else {task.pk}), role
