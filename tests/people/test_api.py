import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.registry.factories import make_association
from zemlyaki.people import services
from zemlyaki.people.models import AccessLogEntry, MemberImport, Person
from zemlyaki.registry.services import association_add_leader

from .factories import csv_bytes, make_person, run_tasks
from .test_import import MESSY


@pytest.fixture
def tambov(db, leader):
    association = make_association("Тамбовское землячество", ["68"])
    association_add_leader(actor=None, association=association, user=leader)
    return association


@pytest.mark.django_db
def test_people_search_api(api, token_for, coordinator, member, tambov):
    make_person("Юристов", "Андрей", "", occupation="юрист", association=tambov, home_region="68")
    assert api.get("/people").status_code == 401
    assert api.get("/people", token=token_for(member)).status_code == 403
    response = api.get(
        "/people", token=token_for(coordinator), q="юристов", region="68", association=tambov.slug
    )
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1 and body["items"][0]["last_name"] == "Юристов"
    assert body["count_is_estimate"] is False
    assert body["items"][0]["details"]["associations"] == [tambov.slug]
    assert AccessLogEntry.objects.get().action == "search"


@pytest.mark.django_db
def test_person_api_visibility(api, token_for, member, leader, tambov):
    from zemlyaki.governance.models import Body, BodyMember

    expert = make_person(
        "Экспертова", "Анна", "", phone="89160000009", competencies=["Аудит"], show_as_expert=True
    )
    ours = make_person("Наш", "Член", "", association=tambov, phone="89160000008")
    me = make_person("Органов", "Пётр", "")
    services.person_link_user(actor=None, person=me, user=member)
    BodyMember.objects.create(
        body=Body.objects.create(kind="expert_council", name="Совет"), person=me
    )
    brief = api.get(f"/people/{expert.pk}", token=token_for(member)).json()
    assert brief == {
        "id": expert.pk,
        "last_name": "Экспертова",
        "first_name": "Анна",
        "patronymic": "",
        "competencies": ["Аудит"],
        "details": None,
    }
    assert api.get(f"/people/{ours.pk}", token=token_for(member)).status_code == 404
    full = api.get(f"/people/{ours.pk}", token=token_for(leader)).json()
    assert full["details"]["phone"] == "+79160000008"
    assert api.get(f"/people/{expert.pk}", token=token_for(leader)).status_code == 404


@pytest.mark.django_db
def test_vocabularies_are_public(api):
    page = api.get("/competencies").json()
    competencies = page["items"]
    assert page["count"] == len(competencies)
    law = next(t for t in competencies if t["name"] == "Право")
    assert law["parent"] is None and "юрист" in law["synonyms"]
    assert any(
        t["name"] == "Корпоративное право" and t["parent"] == law["id"] for t in competencies
    )
    assert any(t["name"] == "Волонтёрство" for t in api.get("/interests").json()["items"])


@pytest.mark.django_db
def test_import_api_preview_commit_status(api, token_for, leader, coordinator, tambov):
    token = token_for(leader)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    upload = SimpleUploadedFile("список.csv", csv_bytes(MESSY, encoding="cp1251"))
    with run_tasks():
        response = api.client.post(
            "/api/v1/people/imports", {"file": upload, "association": tambov.slug}, **headers
        )
        assert response.status_code == 202, response.content
        queued = response.json()
        assert response["Location"] == f"/api/v1/people/imports/{queued['id']}"
        # Answered before a row was read: the reading is a queued task.
        assert (queued["status"], queued["headers"], queued["total"], queued["processed"]) == (
            "reading",
            [],
            0,
            0,
        )
        assert MemberImport.objects.get().rows.count() == 0
    preview = api.get(f"/people/imports/{queued['id']}", token=token).json()
    assert preview["status"] == "preview" and preview["preview"] == {
        "new": 3,
        "matched": 0,
        "errors": 4,
    }
    assert (preview["total"], preview["processed"], preview["failure"], preview["stalled"]) == (
        7,
        7,
        "",
        False,
    )
    assert [r["status"] for r in preview["rows"]] == [
        "new",
        "new",
        "error",
        "error",
        "error",
        "error",
        "new",
    ]
    assert Person.objects.count() == 0
    bad = api.post(f"/people/imports/{preview['id']}/commit", {"on_match": "merge"}, token=token)
    assert bad.status_code == 422
    with run_tasks():
        done = api.post(
            f"/people/imports/{preview['id']}/commit", {"on_match": "fill"}, token=token
        )
        assert done.status_code == 200 and done.json()["status"] == "queued"
    status = api.get(f"/people/imports/{preview['id']}", token=token).json()
    assert status["status"] == "done"
    assert (status["created"], status["matched"], status["updated"], status["errors"]) == (
        3,
        0,
        0,
        4,
    )
    other = make_association("Рязанское землячество", ["62"])
    upload = SimpleUploadedFile("a.csv", csv_bytes(MESSY))
    refused = api.client.post(
        "/api/v1/people/imports", {"file": upload, "association": other.slug}, **headers
    )
    assert refused.status_code == 403
    assert MemberImport.objects.count() == 1
    assert (
        api.get(f"/people/imports/{preview['id']}", token=token_for(coordinator)).status_code == 200
    )
    upload_doc = api.get("/openapi.json").json()["paths"]["/api/v1/people/imports"]["post"]
    assert sorted(upload_doc["responses"]) == ["202", "401", "403", "422"]
    assert list(upload_doc["responses"]["202"]["headers"]) == ["Location"]


@pytest.mark.django_db
def test_people_search_api_caps_the_count(api, token_for, coordinator, tambov, monkeypatch):
    from zemlyaki.people import search

    for n in range(5):
        make_person(f"Юрист{n}", "Тест", "", occupation="юрист", association=tambov)
    monkeypatch.setattr(search, "SEARCH_COUNT_LIMIT", 2)
    body = api.get("/people", token=token_for(coordinator), q="юрист", limit=2, offset=3).json()
    assert (body["count"], body["count_is_estimate"]) == (2, True)
    assert [p["last_name"] for p in body["items"]] == ["Юрист3", "Юрист4"]
    monkeypatch.setattr(search, "SEARCH_COUNT_LIMIT", 5)
    body = api.get("/people", token=token_for(coordinator), q="юрист", limit=2).json()
    assert (body["count"], body["count_is_estimate"]) == (5, False)
    assert [p["last_name"] for p in body["items"]] == ["Юрист0", "Юрист1"]
