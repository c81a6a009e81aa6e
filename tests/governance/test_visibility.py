"""One visibility rule: bodies are public, the names of their members signed-in only."""

import pytest

from tests.governance.factories import make_body, make_member
from tests.support.visibility import assert_agrees
from zemlyaki.governance.models import Body, BodyMember

pytestmark = pytest.mark.django_db


def test_bodies_to_everyone_members_to_signed_in_users(role_matrix):
    body = make_body(name="Экспертный совет")
    member = make_member(body)
    bodies = set(Body.objects.values_list("pk", flat=True))
    assert body.pk in bodies
    seen = assert_agrees(
        Body, role_matrix.values(), lambda user, obj: user.has_perm("governance.view_body", obj)
    )
    assert all(ids == bodies for ids in seen.values())
    seen = assert_agrees(BodyMember, role_matrix.values())
    everyone = set(BodyMember.objects.values_list("pk", flat=True))
    assert member.pk in everyone
    for role, user in role_matrix.items():
        assert seen[user] == (set() if role == "guest" else everyone), role
        assert user.has_perm("governance.view_bodymember", body) is (role != "guest")
