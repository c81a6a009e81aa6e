"""The outline through the API: the same rules and services as the outline page."""

import datetime

import pytest

from tests.accounts.factories import UserFactory
from zemlyaki.core.models import AuditEntry
from zemlyaki.governance.services import member_add, power_grant
from zemlyaki.strategy.models import Section

from .factories import agree, make_user_person, write


@pytest.fixture
def writer(world):
    user, person = make_user_person("writer", "Писарева")
    member_add(actor=None, body=world.editorial, person=person, since=datetime.date(2023, 10, 15))
    power_grant(
        actor=None,
        body=world.editorial,
        code="strategy.edit_section",
        scope_type="strategy.document",
        scope_id=str(world.document.pk),
    )
    return user


def _state(document):
    return list(
        Section.objects.filter(document=document)
        .order_by("pk")
        .values_list("pk", "title", "order", "number", "retired_at")
    )


def test_editorial_group_edits_the_outline_through_the_api(api, world, writer, token_for):
    token = token_for(writer)
    doc = world.document.pk
    added = api.post(f"/documents/{doc}/outline/sections", {"title": "Приложения"}, token=token)
    assert added.status_code == 201
    new = added.json()
    assert (new["number"], new["title"], new["level"], new["parent"]) == (
        "7",
        "Приложения",
        1,
        None,
    )

    ids = [s.pk for s in world.sections] + [new["id"]]
    order = [new["id"], *ids[:-1]]
    moved = api.put(f"/documents/{doc}/outline/order", {"order": order}, token=token)
    assert moved.status_code == 200
    assert [(r["id"], r["number"]) for r in moved.json()][:2] == [
        (new["id"], "1"),
        (ids[0], "2"),
    ]
    stale = api.put(f"/documents/{doc}/outline/order", {"order": ids[:3]}, token=token)
    assert stale.status_code == 422 and stale.json()["detail"][0]["field"] == "order"

    renamed = api.patch(
        f"/outline/sections/{new['id']}", {"title": "Приложения к стратегии"}, token=token
    )
    assert (renamed.status_code, renamed.json()["title"]) == (200, "Приложения к стратегии")
    empty = api.patch(f"/outline/sections/{new['id']}", {"title": ""}, token=token)
    assert empty.status_code == 422 and empty.json()["detail"][0]["field"] == "title"

    removed = api.delete(f"/outline/sections/{new['id']}", token=token)
    assert removed.json() == {"id": new["id"], "retired": False}
    assert not Section.objects.filter(pk=new["id"]).exists()
    outline = api.get(f"/documents/{doc}/outline", token=token).json()
    assert [r["number"] for r in outline] == ["1", "2", "3", "4", "5", "6"]
    assert (
        AuditEntry.objects.filter(
            object_type="strategy.document", object_id=str(doc), actor=writer
        ).count()
        == 3
    )


def test_removing_an_agreed_section_through_the_api_retires_it(api, world, writer, token_for):
    section = world.sections[0]
    write(section, world.owner)
    agree(world, Section.objects.get(pk=section.pk))
    answer = api.delete(f"/outline/sections/{section.pk}", token=token_for(writer))
    assert answer.json() == {"id": section.pk, "retired": True}
    assert Section.objects.get(pk=section.pk).retired_at is not None
    again = api.delete(f"/outline/sections/{section.pk}", token=token_for(writer))
    assert again.status_code == 409
    assert again.json() == {"detail": "Раздел уже выведен из структуры документа."}


@pytest.mark.parametrize("role", ["expert", "member", "leader", "anonymous"])
def test_outline_api_refuses_others_and_changes_nothing(api, world, token_for, role):
    users = {
        "expert": world.experts[0],
        "member": UserFactory(username="m2", role="member"),
        "leader": UserFactory(username="l2", role="leader"),
    }
    token = token_for(users[role]) if role in users else None
    doc, first = world.document.pk, world.sections[0].pk
    before = _state(world.document)
    answers = [
        api.post(f"/documents/{doc}/outline/sections", {"title": "Новый"}, token=token),
        api.patch(f"/outline/sections/{first}", {"title": "Иное"}, token=token),
        api.put(
            f"/documents/{doc}/outline/order",
            {"order": [s.pk for s in reversed(world.sections)]},
            token=token,
        ),
        api.delete(f"/outline/sections/{first}", token=token),
    ]
    expected = {"expert": 403, "member": 404, "leader": 404, "anonymous": 401}[role]
    assert [a.status_code for a in answers] == [expected] * 4
    if expected == 403:
        assert answers[0].json() == {"detail": "Недостаточно прав для этого действия."}
    if expected == 404:
        assert answers[0].json() == {"detail": "Документ не найден."}
    assert _state(world.document) == before


def test_coordinator_edits_the_outline_through_the_api(api, world, coordinator, token_for):
    answer = api.post(
        f"/documents/{world.document.pk}/outline/sections",
        {"title": "Словарь терминов"},
        token=token_for(coordinator),
    )
    assert answer.status_code == 201
    assert Section.objects.filter(document=world.document, title="Словарь терминов").exists()
