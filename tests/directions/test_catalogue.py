"""A coordinator keeps the catalogue of directions; others may only read it."""

import pytest

from zemlyaki.core.models import AuditEntry
from zemlyaki.directions.models import Direction

pytestmark = pytest.mark.django_db

BODY = {
    "code": "national-policy",
    "name": "Государственная национальная политика",
    "level": "federal",
    "sources": [
        {
            "title": "Стратегия государственной национальной политики Российской Федерации "
            "на период до 2025 года",
            "number": "№ 1666",
            "date": "2012-12-19",
        }
    ],
}


def test_coordinator_adds_a_direction_with_its_source(api, coordinator, token_for):
    response = api.post("/directions", BODY, token=token_for(coordinator))
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["level_name"], data["sources"][0]["number"], data["sources"][0]["date"]) == (
        "федеральный",
        "№ 1666",
        "2012-12-19",
    )
    child = api.post(
        "/directions",
        {"code": "moscow", "name": "Москва", "level": "moscow", "parent": data["id"]},
        token=token_for(coordinator),
    )
    assert child.json()["parent"] == data["id"]
    assert AuditEntry.objects.filter(object_type="directions.direction").count() == 2


@pytest.mark.parametrize("role", ["leader", "member", "administrator"])
def test_others_may_not_change_the_catalogue(role, request, api, token_for):
    user = request.getfixturevalue(role)
    before = Direction.objects.count()
    response = api.post("/directions", BODY, token=token_for(user))
    assert response.status_code == 403
    assert Direction.objects.count() == before


def test_unknown_level_is_422(api, coordinator, token_for):
    response = api.post("/directions", {**BODY, "level": "galactic"}, token=token_for(coordinator))
    assert response.status_code == 422
    assert [d["field"] for d in response.json()["detail"]] == ["level"]


def test_a_direction_cannot_sit_inside_itself(coordinator):
    from zemlyaki.directions.services import direction_create, direction_update

    top = direction_create(actor=coordinator, code="a", name="А")
    below = direction_create(actor=coordinator, code="b", name="Б", parent=top)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        direction_update(actor=coordinator, direction=top, parent=below)
    assert exc.value.message_dict == {"parent": ["Направление не может входить само в себя."]}
    top.refresh_from_db()
    assert top.parent_id is None
