"""The power matrix: every power × (holder, outsider, scoped, lapsed membership or term,
coordinator), and every permission that names a power × (holder, outsider)."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.accounts.factories import UserFactory
from tests.registry.factories import make_association
from zemlyaki.governance.powers import POWERS, user_has_power
from zemlyaki.governance.roles_table import evaluate, power_codes, registered_permissions
from zemlyaki.governance.services import power_grant

from .factories import YESTERDAY, body_user, make_body

ALL_POWERS = sorted(POWERS)


@pytest.mark.django_db
@pytest.mark.parametrize("code", ALL_POWERS)
def test_every_power(code, coordinator, administrator, member):
    body = make_body(powers=[code])
    holder = body_user(body)
    other_body = make_body("Другой орган", powers=[c for c in ALL_POWERS if c != code])
    outsider = body_user(other_body)
    assert user_has_power(holder, code) is True
    assert user_has_power(outsider, code) is False
    assert user_has_power(member, code) is False
    assert user_has_power(AnonymousUser(), code) is False
    assert user_has_power(coordinator, code) is True
    # A superuser administrator manages users, not the working process.
    administrator.is_superuser = False
    assert user_has_power(administrator, code) is False


@pytest.mark.django_db
@pytest.mark.parametrize("code", ALL_POWERS)
def test_scoped_power_holds_only_for_its_object(code):
    mine, other = make_association("Тамбовское землячество"), make_association("Рязанское", ["62"])
    body = make_body()
    power_grant(
        actor=None,
        body=body,
        code=code,
        scope_type="registry.association",
        scope_id=str(mine.pk),
    )
    user = body_user(body)
    assert user_has_power(user, code, mine) is True
    assert user_has_power(user, code, other) is False
    assert user_has_power(user, code) is False


@pytest.mark.django_db
@pytest.mark.parametrize("code", ALL_POWERS)
def test_power_lapses_with_membership_and_with_the_body_term(code):
    body = make_body(powers=[code])
    former = body_user(body, until=YESTERDAY)
    future = body_user(body, since=datetime.date.today() + datetime.timedelta(days=3))
    assert user_has_power(former, code) is False
    assert user_has_power(future, code) is False
    expired = make_body("Прежний орган", powers=[code], term_until=YESTERDAY)
    assert user_has_power(body_user(expired), code) is False


@pytest.mark.django_db
def test_inactive_user_has_no_power():
    body = make_body(powers=["plan.manage"])
    user = body_user(body)
    user.is_active = False
    assert user_has_power(user, "plan.manage") is False


def _power_perms():
    return sorted(
        (name, codes)
        for name, predicate in registered_permissions().items()
        if (codes := power_codes(predicate))
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("perm", "codes"), _power_perms())
def test_permission_given_by_a_power_is_refused_outside_the_body(perm, codes):
    """A user outside the body is refused what only the body's power allows.

    Where the permission also depends on the object (its state, its owner), the power
    must at least open it for some objects, and the outsider is never granted it
    without one."""
    import rules

    predicate = registered_permissions()[perm]
    body = make_body(powers=codes)
    insider = body_user(body)
    outsider = UserFactory(role="member", username="outsider")
    other = body_user(make_body("Посторонний орган", powers=[c for c in POWERS if c not in codes]))
    insider_answer = evaluate(predicate, insider)
    assert insider_answer in (True, None)
    if insider_answer is True:
        assert rules.has_perm(perm, insider) is True
    for user in (outsider, other):
        assert rules.has_perm(perm, user) is False
        assert evaluate(predicate, user) is not True


def test_events_power_is_read_by_permissions():
    used = {code for _name, codes in _power_perms() for code in codes}
    assert "events.run" in used


@pytest.mark.django_db
def test_a_body_past_its_term_gives_its_members_nothing(client):
    """Sitting on a body opens the expert search, the body's space and its programs; once
    the body's term has ended, none of them stays open to its members."""
    from tests.programs.factories import make_program
    from zemlyaki.governance.models import BodyMember
    from zemlyaki.governance.powers import user_is_body_member
    from zemlyaki.workspace.services import space_for_body

    body = make_body(term_until=datetime.date.today())
    ended = make_body("Прежний орган", term_until=YESTERDAY)
    acting, former = body_user(body), body_user(ended)
    programs = {b: make_program(f"Программа: {b.name}", responsible_body=b) for b in (body, ended)}
    spaces = {b: space_for_body(actor=None, body=b) for b in (body, ended)}

    assert user_is_body_member(acting) is True
    assert user_is_body_member(former) is False
    assert set(BodyMember.objects.acting().values_list("body", flat=True)) == {body.pk}
    for user, its_body, allowed in ((acting, body, True), (former, ended, False)):
        assert user.has_perm("people.search_people") is allowed
        assert user.has_perm("programs.change_program", programs[its_body]) is allowed
        assert user.has_perm("workspace.create_thread", spaces[its_body]) is allowed
    client.force_login(former)
    assert client.get("/people/").status_code == 403
    client.force_login(acting)
    assert client.get("/people/").status_code == 200
