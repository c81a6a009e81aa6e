"""Role × action × state: who may do what with section 1 of the strategy.

Section 1 is owned by «owner» (no body power); «editor» holds the edit power scoped to
section 2 only; «expert» sits on the expert council (review power); «manager» is in the
working group (manage_workflow); the coordinator holds every power; «outsider» has none.
"""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from zemlyaki.strategy import services
from zemlyaki.strategy.models import Position, ReviewRound, Section, Transition

from .factories import write

STATES = ["draft", "review", "rework", "agreed", "approved"]
ROLES = ["anonymous", "outsider", "owner", "editor", "expert", "manager", "coordinator"]
ALL = set(STATES)

# action → role → states in which it is allowed
EXPECTED: dict[str, dict[str, set[str]]] = {
    "strategy.view_document": {
        "owner": ALL, "editor": ALL, "expert": ALL, "manager": ALL, "coordinator": ALL,
    },
    "strategy.change_section": {"owner": {"draft", "rework"}, "coordinator": {"draft", "rework"}},
    "strategy.view_comments": {"owner": ALL, "expert": ALL, "manager": ALL, "coordinator": ALL},
    "strategy.add_comment": {
        role: ALL - {"approved"} for role in ("owner", "expert", "manager", "coordinator")
    },
    "strategy.add_amendment": {
        "expert": {"draft", "review", "rework"}, "coordinator": {"draft", "review", "rework"},
    },
    "strategy.record_position": {"expert": {"review"}},
    "strategy.change_section_settings": {"manager": ALL - {"approved"}, "coordinator": ALL - {"approved"}},
}  # fmt: skip


def _users(world, coordinator):
    return {
        "anonymous": AnonymousUser(),
        "outsider": world.outsider,
        "owner": world.owner,
        "editor": world.editor,
        "expert": world.experts[0],
        "manager": world.manager,
        "coordinator": coordinator,
    }


def _put_in_state(world, state):
    section = world.section
    ReviewRound.objects.filter(section=section).delete()
    if state == "review":
        ReviewRound.objects.create(
            section=section, body=world.council, deadline=datetime.date(2030, 1, 1)
        )
    Section.objects.filter(pk=section.pk).update(status=state)
    return Section.objects.select_related("owner", "document").get(pk=section.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_permission_matrix(world, coordinator, action):
    users = _users(world, coordinator)
    seen = {}
    for state in STATES:
        section = _put_in_state(world, state)
        for role in ROLES:
            seen[(role, state)] = users[role].has_perm(action, section)
    expected = {
        (role, state): state in EXPECTED[action].get(role, set())
        for role in ROLES
        for state in STATES
    }
    assert seen == expected


@pytest.mark.django_db
def test_decide_amendment_only_by_the_drafters_of_that_section(world, coordinator):
    write(world.section, world.owner)
    amendment = services.amendment_create(
        actor=world.experts[0], section=world.section, paragraph=0,
        proposed="Иначе.", justification="Так точнее.",
    )  # fmt: skip
    users = _users(world, coordinator)
    allowed = {
        role for role in ROLES if users[role].has_perm("strategy.decide_amendment", amendment)
    }
    assert allowed == {"owner", "coordinator"}


@pytest.mark.django_db
def test_scoped_power_reaches_only_its_section(world):
    assert world.editor.has_perm("strategy.change_section", world.sections[1])
    assert not world.editor.has_perm("strategy.change_section", world.sections[2])
    assert not world.editor.has_perm("strategy.change_section", world.section)


# ----------------------------------------------------------------- transitions through the API

# target → roles holding the power for it
POWER = {
    "review": {"owner", "manager", "coordinator"},
    "rework": {"manager", "coordinator"},
    "agreed": {"manager", "coordinator"},
}
SOURCES = {"review": {"draft", "rework"}, "rework": {"review", "agreed"}, "agreed": {"review"}}


@pytest.mark.django_db
@pytest.mark.parametrize("target", sorted(POWER))
@pytest.mark.parametrize("role", ROLES)
def test_transition_matrix(world, coordinator, api, token_for, role, target):
    """Holders of the power move the section from an allowed state; others get 403, a wrong
    state gets 409 with the reason; a refused move changes nothing."""
    write(world.section, world.owner)
    users = _users(world, coordinator)
    token = None if role == "anonymous" else token_for(users[role])
    for state in STATES:
        section = _put_in_state(world, state)
        if state == "review":
            for user in world.experts[:2]:
                services.position_record(actor=user, section=section, stance="agree")
        transitions = Transition.objects.count()
        rounds = list(ReviewRound.objects.values_list("pk", "closed_at"))
        response = api.post(
            f"/sections/{section.pk}/transition", {"to": target, "comment": "—"}, token=token
        )
        if role == "anonymous":
            expected = 401
        elif role == "outsider":  # drafts are internal: not even their existence shows
            expected = 404
        elif role not in POWER[target]:
            expected = 403
        elif state not in SOURCES[target]:
            expected = 409
        else:
            expected = 200
        assert (state, response.status_code) == (state, expected)
        now = Section.objects.get(pk=section.pk).status
        if expected == 200:
            assert now == target
            assert Transition.objects.count() == transitions + 1
        else:
            assert now == state
            assert Transition.objects.count() == transitions
            assert list(ReviewRound.objects.values_list("pk", "closed_at")) == rounds
        if expected == 409:
            assert "нельзя перевести раздел" in response.json()["detail"]
        Position.objects.all().delete()


@pytest.mark.django_db
def test_editor_with_scoped_power_submits_their_section(world, api, token_for):
    section = world.sections[1]
    write(section, world.editor)
    response = api.post(
        f"/sections/{section.pk}/transition", {"to": "review"}, token=token_for(world.editor)
    )
    assert response.status_code == 200
    assert response.json()["status"] == "review"
