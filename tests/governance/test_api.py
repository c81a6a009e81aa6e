import datetime

import pytest

from .factories import make_body, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def editorial():
    group = make_body(
        "Редакционная группа",
        kind="editorial_group",
        powers=["strategy.edit_section"],
        formed_on=datetime.date(2023, 10, 15),
        mandate="Пишет текст Стратегии.",
    )
    make_member(group, position="chair")
    return group


def test_list_bodies(api, editorial):
    make_body("Контрольный орган", kind="control")
    body = api.get("/bodies").json()
    assert body["count"] == 2
    assert body["items"][1] == {
        "id": editorial.pk,
        "kind": "editorial_group",
        "kind_name": "редакционная группа",
        "name": "Редакционная группа",
        "parent": None,
        "formed_on": "2023-10-15",
        "term_until": None,
        "quorum_rule": "half",
        "member_count": 1,
    }
    assert [b["name"] for b in api.get("/bodies", kind="control").json()["items"]] == [
        "Контрольный орган"
    ]


def test_body_powers_for_everyone_members_only_with_a_token(api, editorial, member, token_for):
    guest = api.get(f"/bodies/{editorial.pk}").json()
    assert guest["powers"] == [
        {
            "code": "strategy.edit_section",
            "name": "редактировать раздел стратегии",
            "scope_type": "",
            "scope_id": "",
        }
    ]
    assert guest["mandate"] == "Пишет текст Стратегии."
    assert guest["members"] is None
    signed_in = api.get(f"/bodies/{editorial.pk}", token=token_for(member)).json()
    assert [(m["person"].startswith("Членов"), m["position"]) for m in signed_in["members"]] == [
        (True, "chair")
    ]
    assert api.get(f"/bodies/{editorial.pk}", token="zml_forged").status_code == 401
    assert api.get("/bodies/999999").status_code == 404
