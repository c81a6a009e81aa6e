"""Bodies are formed through the API as on the pages: same rules, services and audit."""

import datetime

import pytest

from tests.people.factories import make_person
from zemlyaki.core.models import AuditEntry
from zemlyaki.governance.models import Body, BodyMember

from .factories import make_body, make_member

pytestmark = pytest.mark.django_db


def test_coordinator_creates_and_changes_a_body(api, coordinator, token_for):
    token = token_for(coordinator)
    parent = make_body("Рабочая группа")
    response = api.post(
        "/bodies",
        {
            "kind": "editorial_group",
            "name": "Редакционная группа",
            "parent": parent.pk,
            "formed_on": "2023-10-15",
            "quorum_rule": "two_thirds",
        },
        token=token,
    )
    assert response.status_code == 201
    created = response.json()
    body = Body.objects.get(pk=created["id"])
    assert (created["name"], created["parent"], created["formed_on"], created["members"]) == (
        "Редакционная группа",
        parent.pk,
        "2023-10-15",
        [],
    )
    assert (body.kind, body.quorum_rule, body.parent) == ("editorial_group", "two_thirds", parent)

    response = api.patch(
        f"/bodies/{body.pk}", {"term_until": "2032-12-31", "mandate": "Пишет тексты."}, token=token
    )
    assert response.status_code == 200
    assert response.json()["term_until"] == "2032-12-31"
    body.refresh_from_db()
    assert (body.term_until, body.mandate, body.name) == (
        datetime.date(2032, 12, 31),
        "Пишет тексты.",
        "Редакционная группа",
    )
    entries = AuditEntry.objects.filter(object_type="governance.body", object_id=str(body.pk))
    assert [(e.action, e.actor) for e in entries.order_by("pk")] == [
        ("create", coordinator),
        ("update", coordinator),
    ]
    assert entries.order_by("pk").last().after == {
        "term_until": "2032-12-31",
        "mandate": "Пишет тексты.",
    }


def test_body_errors_name_the_field_in_russian(api, coordinator, token_for):
    token = token_for(coordinator)
    body = make_body("Оргкомитет", formed_on=datetime.date(2023, 10, 15))
    before = Body.objects.count()
    missing = api.post("/bodies", {"kind": "nonsense"}, token=token)
    assert missing.status_code == 422
    fields = {d["field"]: d["msg"] for d in missing.json()["detail"]}
    assert fields["name"] == "Обязательное поле."
    assert fields["kind"].startswith("Недопустимое значение")
    bad_parent = api.post("/bodies", {"kind": "other", "name": "Х", "parent": 999999}, token=token)
    assert bad_parent.status_code == 422
    assert bad_parent.json()["detail"][0]["field"] == "parent"
    assert Body.objects.count() == before
    wrong_term = api.patch(f"/bodies/{body.pk}", {"term_until": "2020-01-01"}, token=token)
    assert wrong_term.status_code == 422
    assert wrong_term.json()["detail"] == [
        {
            "loc": ["body", "term_until"],
            "field": "term_until",
            "msg": "Срок полномочий не может кончаться раньше даты формирования.",
            "type": "value_error",
        }
    ]
    body.refresh_from_db()
    assert body.term_until is None
    missing_body = api.patch("/bodies/999999", {"name": "Х"}, token=token)
    assert (missing_body.status_code, missing_body.json()) == (404, {"detail": "Орган не найден."})


@pytest.mark.parametrize("role", ["member", "leader", "administrator", "body_member"])
def test_only_the_coordinator_writes_bodies(api, token_for, role, request):
    from .factories import body_user

    body = make_body("Рабочая группа", powers=["strategy.edit_section", "plan.manage"])
    user = body_user(body) if role == "body_member" else request.getfixturevalue(role)
    member = make_member(body)
    token = token_for(user)
    person = make_person("Новиков", "Пётр", "")
    before = (Body.objects.count(), BodyMember.objects.count(), AuditEntry.objects.count())
    answers = [
        api.post("/bodies", {"kind": "other", "name": "Новый"}, token=token),
        api.patch(f"/bodies/{body.pk}", {"name": "Иное"}, token=token),
        api.post(f"/bodies/{body.pk}/members", {"person": person.pk}, token=token),
        api.delete(f"/bodies/{body.pk}/members/{member.pk}", token=token),
    ]
    assert [a.status_code for a in answers] == [403, 403, 403, 403]
    assert answers[0].json() == {"detail": "Недостаточно прав для этого действия."}
    assert (Body.objects.count(), BodyMember.objects.count(), AuditEntry.objects.count()) == before
    body.refresh_from_db()
    assert body.name == "Рабочая группа"


def test_anonymous_writes_are_refused(api):
    body = make_body("Рабочая группа")
    assert api.post("/bodies", {"kind": "other", "name": "Новый"}).status_code == 401
    assert api.patch(f"/bodies/{body.pk}", {"name": "Иное"}).status_code == 401
    assert Body.objects.count() == 1


def test_coordinator_adds_and_removes_a_member_with_audit(api, coordinator, token_for):
    token = token_for(coordinator)
    body = make_body("Экспертный совет", kind="expert_council")
    person = make_person("Экспертов", "Игорь", "")
    response = api.post(
        f"/bodies/{body.pk}/members",
        {"person": person.pk, "position": "secretary", "since": "2024-02-01",
         "basis": "Решение рабочей группы №3"},
        token=token,
    )  # fmt: skip
    assert response.status_code == 201
    out = response.json()
    member = BodyMember.objects.get(pk=out["id"])
    assert out == {
        "id": member.pk,
        "person": "Экспертов Игорь",
        "position": "secretary",
        "stakeholder": None,
        "since": "2024-02-01",
        "until": None,
    }
    duplicate = api.post(f"/bodies/{body.pk}/members", {"person": person.pk}, token=token)
    assert duplicate.status_code == 422
    assert duplicate.json()["detail"][0]["field"] == "person"
    assert duplicate.json()["detail"][0]["msg"] == "Этот участник уже входит в орган."
    unknown = api.post(
        f"/bodies/{body.pk}/members", {"person": 999999, "stakeholder": 999999}, token=token
    )
    assert unknown.status_code == 422
    assert {d["field"] for d in unknown.json()["detail"]} == {"person", "stakeholder"}

    gone = api.delete(f"/bodies/{body.pk}/members/{member.pk}?basis=Личное заявление", token=token)
    assert gone.status_code == 204
    assert not BodyMember.objects.filter(pk=member.pk).exists()
    assert api.delete(f"/bodies/{body.pk}/members/{member.pk}", token=token).json() == {
        "detail": "Член органа не найден."
    }
    entries = list(
        AuditEntry.objects.filter(object_type="governance.bodymember", object_id=str(member.pk))
        .order_by("pk")
        .values_list("action", "actor__username", "comment")
    )
    assert entries == [
        ("create", "coord", "Решение рабочей группы №3"),
        ("delete", "coord", "Личное заявление"),
    ]
