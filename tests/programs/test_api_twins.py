"""The API operations that do what the direction and program pages do: the same service,
right and audit record, and the same refusals."""

import pytest

from tests.programs.factories import make_program, representative
from tests.registry.factories import make_stakeholder
from tests.support.audit import audit_trail
from zemlyaki.directions.models import Direction, DirectionSource
from zemlyaki.programs.models import Program, StakeholderRepresentative

pytestmark = pytest.mark.django_db


@pytest.fixture
def direction():
    return Direction.objects.create(code="tambov", name="Тамбовщина", level="own")


def test_coordinator_changes_a_direction_but_not_its_code(api, direction, coordinator, token_for):
    token = token_for(coordinator)
    response = api.patch(
        f"/directions/{direction.pk}",
        {"name": "Тамбовщина в Москве", "level": "regional", "region": "68"},
        token=token,
    )
    assert response.status_code == 200
    assert (response.json()["name"], response.json()["level"], response.json()["region"]) == (
        "Тамбовщина в Москве",
        "regional",
        "68",
    )
    assert audit_trail(direction) == [("update", "coord")]

    refused = api.patch(f"/directions/{direction.pk}", {"code": "other"}, token=token)
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["field"] == "code"
    assert refused.json()["detail"][0]["msg"] == (
        "Код направления не меняется: на него ссылаются отчёты и программы."
    )
    no_region = api.patch(f"/directions/{direction.pk}", {"region": None}, token=token)
    assert no_region.status_code == 422
    assert no_region.json()["detail"][0]["field"] == "region"
    assert no_region.json()["detail"][0]["msg"] == "Для регионального уровня укажите регион."
    direction.refresh_from_db()
    assert (direction.code, direction.region.code) == ("tambov", "68")


def test_a_member_may_not_change_or_delete_a_direction(api, direction, member, token_for):
    token = token_for(member)
    assert api.patch(f"/directions/{direction.pk}", {"name": "X"}, token=token).status_code == 403
    assert api.delete(f"/directions/{direction.pk}", token=token).status_code == 403
    sources = api.post(f"/directions/{direction.pk}/sources", {"title": "Указ"}, token=token)
    assert sources.status_code == 403
    direction.refresh_from_db()
    assert (direction.name, DirectionSource.objects.count(), audit_trail(direction)) == (
        "Тамбовщина",
        0,
        [],
    )


def test_coordinator_adds_a_source_and_deletes_a_direction(api, direction, coordinator, token_for):
    token = token_for(coordinator)
    response = api.post(
        f"/directions/{direction.pk}/sources",
        {"title": "Стратегия области", "number": "12", "date": "2024-03-01"},
        token=token,
    )
    assert response.status_code == 201
    assert response.json()["sources"] == [
        {"title": "Стратегия области", "number": "12", "date": "2024-03-01", "url": ""}
    ]
    source = DirectionSource.objects.get()
    assert audit_trail(source) == [("create", "coord")]
    bad = api.post(f"/directions/{direction.pk}/sources", {"title": ""}, token=token)
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["field"] == "title"

    child = Direction.objects.create(code="child", name="Дочернее", parent=direction)
    refused = api.delete(f"/directions/{direction.pk}", token=token)
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["msg"] == (
        "В направление входят другие; сначала перенесите их."
    )
    child.delete()
    assert api.delete(f"/directions/{direction.pk}", token=token).status_code == 204
    assert not Direction.objects.filter(pk=direction.pk).exists()
    assert audit_trail(direction)[-1] == ("delete", "coord")


def test_program_plan_is_made_once_by_its_manager(api, coordinator, member, token_for):
    program = make_program()
    assert api.post(f"/programs/{program.pk}/plan", token=token_for(member)).status_code == 403
    program.refresh_from_db()
    assert program.plan_id is None
    first = api.post(f"/programs/{program.pk}/plan", token=token_for(coordinator))
    assert first.status_code == 200
    program.refresh_from_db()
    assert first.json()["plan"] == program.plan_id is not None
    assert program.plan.title == "План программы «Молодёжь землячеств»"
    assert audit_trail(program)[-1] == ("update", "coord")
    again = api.post(f"/programs/{program.pk}/plan", token=token_for(coordinator))
    assert again.json()["plan"] == program.plan_id


def test_coordinator_removes_a_representative(api, coordinator, member, token_for):
    stakeholder = make_stakeholder()
    representative(stakeholder)
    link = StakeholderRepresentative.objects.get()
    path = f"/stakeholders/{stakeholder.pk}/representatives/{link.pk}"
    assert api.delete(path, token=token_for(member)).status_code == 403
    assert StakeholderRepresentative.objects.count() == 1
    assert (
        api.delete(
            f"/stakeholders/{stakeholder.pk}/representatives/999", token=token_for(coordinator)
        ).status_code
        == 404
    )
    assert api.delete(path, token=token_for(coordinator)).status_code == 204
    assert StakeholderRepresentative.objects.count() == 0
    assert audit_trail(link)[-1] == ("delete", "coord")
    assert Program.objects.count() == 0
