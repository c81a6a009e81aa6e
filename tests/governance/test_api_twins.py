"""The rest of a body's page actions in the API: deleting a body, changing a membership,
adding a candidate list, granting and revoking powers — same rules, services and audit."""

import datetime

import pytest

from tests.people.factories import make_person
from tests.support.audit import audit_trail, row_counts
from zemlyaki.core.models import AuditEntry
from zemlyaki.governance.models import Body, BodyMember, Power
from zemlyaki.people.services.candidates import candidate_add, candidate_list_create

from .factories import body_user, make_body, make_member

pytestmark = pytest.mark.django_db


# the tables a refused write leaves as they were
COUNTED = (Body, BodyMember, Power, AuditEntry)


def test_coordinator_deletes_a_body(api, coordinator, token_for):
    token = token_for(coordinator)
    parent = make_body("Рабочая группа")
    child = make_body("Подгруппа", parent=parent)
    refused = api.delete(f"/bodies/{parent.pk}", token=token)
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["msg"] == (
        "В орган входят другие органы: сначала перенесите или удалите их."
    )
    assert Body.objects.filter(pk=parent.pk).exists()
    assert api.delete(f"/bodies/{child.pk}", token=token).status_code == 204
    assert not Body.objects.filter(pk=child.pk).exists()
    assert audit_trail("governance.body", child.pk) == [("create", None), ("delete", "coord")]
    assert api.delete(f"/bodies/{child.pk}", token=token).json() == {"detail": "Орган не найден."}


def test_coordinator_changes_a_membership(api, coordinator, token_for):
    body = make_body("Экспертный совет", kind="expert_council")
    member = make_member(body, since=datetime.date(2024, 2, 1))
    response = api.patch(
        f"/bodies/{body.pk}/members/{member.pk}",
        {"position": "secretary", "until": "2025-12-31", "basis": "Протокол №4"},
        token=token_for(coordinator),
    )
    assert response.status_code == 200
    assert response.json() == {
        "id": member.pk,
        "person": str(member.person),
        "position": "secretary",
        "stakeholder": None,
        "since": "2024-02-01",
        "until": "2025-12-31",
    }
    entries = AuditEntry.objects.filter(
        object_type="governance.bodymember", object_id=str(member.pk)
    ).order_by("pk")
    assert [(e.action, e.actor and e.actor.username, e.comment) for e in entries][-1] == (
        "update",
        "coord",
        "Протокол №4",
    )


def test_membership_change_invalid_names_the_field(api, coordinator, token_for):
    body = make_body("Экспертный совет", kind="expert_council")
    member = make_member(body, since=datetime.date(2024, 2, 1))
    token = token_for(coordinator)
    other = make_body("Другой")
    before = row_counts(*COUNTED)
    early = api.patch(
        f"/bodies/{body.pk}/members/{member.pk}", {"until": "2020-01-01"}, token=token
    )
    assert early.status_code == 422
    assert early.json()["detail"][0]["field"] == "until"
    unknown = api.patch(
        f"/bodies/{body.pk}/members/{member.pk}", {"stakeholder": 999999}, token=token
    )
    assert unknown.json()["detail"][0] == {
        "loc": ["body", "stakeholder"],
        "field": "stakeholder",
        "msg": "Субъект стратегии не найден.",
        "type": "value_error",
    }
    assert api.patch(
        f"/bodies/{other.pk}/members/{member.pk}", {"position": "chair"}, token=token
    ).json() == {"detail": "Член органа не найден."}
    member.refresh_from_db()
    assert (member.position, member.until) == ("member", None)
    assert row_counts(*COUNTED)[3] == before[3]


def test_coordinator_adds_a_candidate_list(api, coordinator, token_for):
    body = make_body("Экспертный совет", kind="expert_council")
    present = make_person("Петров", "Пётр", "")
    make_member(body, person=present)
    newcomer = make_person("Сидоров", "Семён", "")
    shortlist = candidate_list_create(actor=None, name="Эксперты")
    candidate_add(actor=None, candidate_list=shortlist, persons=[present, newcomer])
    token = token_for(coordinator)
    response = api.post(
        f"/bodies/{body.pk}/candidates", {"candidate_list": shortlist.pk}, token=token
    )
    assert response.status_code == 201
    added = BodyMember.objects.get(body=body, person=newcomer)
    assert response.json() == [
        {
            "id": added.pk,
            "person": "Сидоров Семён",
            "position": "member",
            "stakeholder": None,
            "since": added.since.isoformat(),
            "until": None,
        }
    ]
    assert audit_trail("governance.bodymember", added.pk) == [("create", "coord")]
    missing = api.post(f"/bodies/{body.pk}/candidates", {"candidate_list": 999999}, token=token)
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["msg"] == "Список кандидатов не найден."


def test_coordinator_grants_and_revokes_a_power(api, coordinator, token_for):
    body = make_body("Редакционная группа", kind="editorial_group")
    token = token_for(coordinator)
    response = api.post(f"/bodies/{body.pk}/powers", {"code": "plan.manage"}, token=token)
    assert response.status_code == 201
    power = Power.objects.get(body=body)
    assert response.json() == {
        "id": power.pk,
        "code": "plan.manage",
        "name": response.json()["name"],
        "scope_type": "",
        "scope_id": "",
    }
    assert response.json()["name"] != "plan.manage"
    again = api.post(f"/bodies/{body.pk}/powers", {"code": "plan.manage"}, token=token)
    assert (again.status_code, again.json()["detail"][0]["field"]) == (422, "code")
    unknown = api.post(f"/bodies/{body.pk}/powers", {"code": "nonsense"}, token=token)
    assert unknown.json()["detail"][0]["msg"] == "Неизвестное полномочие."
    assert api.delete(f"/bodies/{body.pk}/powers/{power.pk}", token=token).status_code == 204
    assert not Power.objects.filter(pk=power.pk).exists()
    assert audit_trail("governance.power", power.pk) == [("create", "coord"), ("delete", "coord")]
    gone = api.delete(f"/bodies/{body.pk}/powers/{power.pk}", token=token)
    assert gone.json() == {"detail": "Полномочие не найдено."}


@pytest.mark.parametrize("role", ["member", "leader", "administrator", "body_member"])
def test_only_the_coordinator_does_these(api, token_for, role, request):
    body = make_body("Рабочая группа", powers=["strategy.edit_section", "plan.manage"])
    user = body_user(body) if role == "body_member" else request.getfixturevalue(role)
    member = make_member(body)
    power = body.powers.first()
    shortlist = candidate_list_create(actor=None, name="Эксперты")
    candidate_add(actor=None, candidate_list=shortlist, persons=[make_person("Новиков", "П", "")])
    token = token_for(user)
    before = row_counts(*COUNTED)
    answers = [
        api.delete(f"/bodies/{body.pk}", token=token),
        api.patch(f"/bodies/{body.pk}/members/{member.pk}", {"position": "chair"}, token=token),
        api.post(
            f"/bodies/{body.pk}/candidates",
            {"candidate_list": shortlist.pk},
            token=token,
        ),
        api.post(f"/bodies/{body.pk}/powers", {"code": "kpi.record"}, token=token),
        api.delete(f"/bodies/{body.pk}/powers/{power.pk}", token=token),
    ]
    assert [a.status_code for a in answers] == [403] * 5
    assert row_counts(*COUNTED) == before
    member.refresh_from_db()
    assert member.position == "member"
    assert api.delete(f"/bodies/{body.pk}").status_code == 401


def test_body_with_a_workspace_is_not_deleted(api, client, coordinator, token_for):
    """The body's workspace keeps it: the API refuses with the reason, the page shows it,
    and nothing is deleted or audited."""
    from django.urls import reverse

    from zemlyaki.workspace.models import Space
    from zemlyaki.workspace.services import space_for_body

    body = make_body("Экспертный совет")
    space = space_for_body(actor=None, body=body)
    token = token_for(coordinator)
    before = row_counts(*COUNTED)
    message = "Орган указан в рабочих пространствах или других записях: сначала передайте их."
    refused = api.delete(f"/bodies/{body.pk}", token=token)
    assert refused.status_code == 422
    assert [item["msg"] for item in refused.json()["detail"]] == [message]
    client.force_login(coordinator)
    page = client.post(reverse("governance:body_delete", args=[body.pk]), follow=True)
    assert page.redirect_chain == [(reverse("governance:body_detail", args=[body.pk]), 302)]
    assert message in page.content.decode()
    assert row_counts(*COUNTED) == before
    assert Space.objects.filter(pk=space.pk, body=body).exists()
