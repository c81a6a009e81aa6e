"""Every write of the programs API for every role: the refusal changes nothing.

Roles: anonymous, member, leader of the program's association, leader of another,
stakeholder representative, member of the program's responsible body, coordinator."""

import pytest

from tests.accounts.factories import UserFactory
from tests.governance.factories import body_user, make_body
from tests.programs.factories import (
    leader_of,
    make_need,
    make_pledge,
    make_program,
    representative,
)
from tests.registry.factories import make_association, make_stakeholder
from zemlyaki.core.models import AuditEntry
from zemlyaki.programs import services
from zemlyaki.programs.models import Pledge, Program, ResourceNeed

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "member",
    "leader_own",
    "leader_other",
    "representative",
    "body",
    "coordinator",
]


@pytest.fixture
def world(coordinator):
    own = make_association()
    other = make_association(name="Курское землячество", codes=("46",))
    body = make_body(name="Совет программы")
    stakeholder = make_stakeholder(name="Фонд «Родные края»", kind="business")
    program = make_program(association=own, responsible_body=body)
    need = make_need(program, quantity="1000")
    users = {
        "anonymous": None,
        "member": UserFactory(role="member", username="plain"),
        "leader_own": leader_of(own, "lead-own"),
        "leader_other": leader_of(other, "lead-other"),
        "representative": representative(stakeholder, "rep"),
        "body": body_user(body, "body-member"),
        "coordinator": coordinator,
    }
    return {
        "own": own,
        "stakeholder": stakeholder,
        "program": program,
        "need": need,
        "users": users,
    }


def _state():
    return (
        Program.objects.count(),
        ResourceNeed.objects.count(),
        sorted(Pledge.objects.values_list("status", flat=True)),
        sorted(Program.objects.values_list("status", flat=True)),
        AuditEntry.objects.count(),
    )


def _pledged(w, status="pledged"):
    pledge = make_pledge(w["program"], giver=w["stakeholder"], need=w["need"], quantity="500")
    if status in ("confirmed",):
        pledge = services.pledge_transition(actor=None, pledge=pledge, to="confirmed")
    return pledge


def _call(action, w, api, token):
    p = w["program"]
    if action == "create_program":
        body = {
            "title": "Новая",
            "association": w["own"].pk,
            "start": "2025-01-01",
            "end": "2026-12-31",
        }
        return api.post("/programs", body, token=token)
    if action == "create_community_program":
        body = {"title": "Общая", "start": "2025-01-01", "end": "2026-12-31"}
        return api.post("/programs", body, token=token)
    if action == "add_need":
        body = {"kind": "premises", "quantity": "100", "unit": "sqm"}
        return api.post(f"/programs/{p.pk}/needs", body, token=token)
    if action == "stop_program":
        return api.post(f"/programs/{p.pk}/stop", {}, token=token)
    if action == "delete_program":
        return api.delete(f"/programs/{p.pk}", token=token)
    if action == "pledge":
        body = {
            "program": p.pk,
            "need": w["need"].pk,
            "stakeholder": w["stakeholder"].pk,
            "quantity": "300",
            "unit": "rub",
        }
        return api.post("/pledges", body, token=token)
    pledge = w["pledge"]
    to = {"confirm": "confirmed", "deliver": "delivered", "withdraw": "withdrawn"}[action]
    body = {"to": to, "delivered_quantity": "500", "evidence_url": "https://example.org/act"}
    return api.post(f"/pledges/{pledge.pk}/transition", body, token=token)


OK = {"create_program": 201, "create_community_program": 201, "add_need": 201, "pledge": 201}
ALLOWED = {
    "create_program": {"leader_own", "coordinator"},
    "create_community_program": {"coordinator"},
    "add_need": {"leader_own", "body", "coordinator"},
    "stop_program": {"leader_own", "body", "coordinator"},
    "delete_program": {"leader_own", "body", "coordinator"},
    "pledge": {"representative", "coordinator"},
    "confirm": {"body", "coordinator"},
    "deliver": {"body", "coordinator"},
    "withdraw": {"representative", "coordinator"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ALLOWED))
def test_permission_matrix(action, role, world, api, token_for):
    w = world
    if action in ("confirm", "withdraw"):
        w["pledge"] = _pledged(w)
    elif action == "deliver":
        w["pledge"] = _pledged(w, "confirmed")
    user = w["users"][role]
    token = token_for(user) if user is not None else None
    before = _state()
    response = _call(action, w, api, token)
    if role == "anonymous":
        assert response.status_code == 401
    elif role in ALLOWED[action]:
        expected = 204 if action == "delete_program" else OK.get(action, 200)
        assert response.status_code == expected, response.content
        assert _state() != before
        return
    else:
        assert response.status_code == 403, response.content
    assert _state() == before
