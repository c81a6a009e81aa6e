import pytest
from django.contrib.auth.models import AnonymousUser

from tests.accounts.factories import UserFactory

from .factories import add_member, make_body, make_person, make_plan, make_task, plan_manager

READ = ["plan.view_plan", "plan.view_plan_history"]
WRITE = [
    "plan.add_plan", "plan.change_plan", "plan.delete_plan", "plan.import_plan",
    "plan.add_task", "plan.change_task", "plan.delete_task",
]  # fmt: skip


@pytest.fixture
def users(db, coordinator, administrator, leader, member):
    editor = UserFactory(username="editor", role="member")
    body = make_body("Редакционная группа", "editorial_group")
    add_member(body, make_person("Редакторова", "Нина", user=editor))
    return {
        "anonymous": AnonymousUser(),
        "member": member,
        "leader": leader,
        # the shared fixture is a Django superuser: platform permissions still come only
        # from the rules, so it holds no more than an administrator
        "superuser_administrator": administrator,
        "administrator": UserFactory(username="admin2", role="administrator"),
        "coordinator": coordinator,
        "member_of_a_body_without_the_power": editor,
        "plan_manager": plan_manager(),
    }


EXPECTED = {
    "anonymous": set(),
    "member": set(READ),
    "leader": set(READ),
    "superuser_administrator": set(READ),
    "administrator": set(READ),
    "coordinator": set(READ + WRITE),
    "member_of_a_body_without_the_power": set(READ),
    "plan_manager": set(READ + WRITE),
}


@pytest.mark.django_db
def test_role_by_action_matrix(users):
    plan = make_plan()
    task = make_task(plan, "1")
    objects = {p: (task if "task" in p else plan) for p in READ + WRITE}
    granted = {
        role: {perm for perm in READ + WRITE if user.has_perm(perm, objects[perm])}
        for role, user in users.items()
    }
    assert granted == EXPECTED


@pytest.mark.django_db
def test_power_ends_with_membership(db):
    import datetime

    from zemlyaki.accounts.models import User
    from zemlyaki.governance.models import BodyMember

    user = plan_manager()
    assert user.has_perm("plan.change_task")
    BodyMember.objects.update(until=datetime.date(2020, 1, 1))
    user = User.objects.get(pk=user.pk)  # the next request: powers are loaded once per request
    assert not user.has_perm("plan.change_task")
