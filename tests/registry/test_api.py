import pytest

from zemlyaki.core.models import AuditEntry
from zemlyaki.registry.models import Association

from .factories import make_association, make_stakeholder

VALID = {
    "name": "Региональная общественная организация «Рязанское землячество»",
    "short_name": "Рязанское землячество",
    "regions": ["62"],
    "ogrn": "1027700132195",
    "inn": "7707083893",
    "founded_year": 1998,
    "status": "active",
}


@pytest.mark.django_db
def test_regions(api):
    response = api.get("/regions")
    assert response.status_code == 200
    assert response.json()["count"] == 89
    regions = response.json()["items"]
    assert len(regions) == 89
    assert len({r["federal_district"] for r in regions}) == 8
    tambov = next(r for r in regions if r["name"] == "Тамбовская область")
    assert tambov == {
        "code": "68",
        "name": "Тамбовская область",
        "kind": "oblast",
        "iso_code": "RU-TAM",
        "federal_district": "CFD",
    }


@pytest.mark.django_db
def test_districts_and_kinds(api):
    districts = api.get("/federal-districts").json()["items"]
    assert [d["short_name"] for d in districts] == [
        "ЦФО", "СЗФО", "ЮФО", "СКФО", "ПФО", "УФО", "СФО", "ДФО",
    ]  # fmt: skip
    page = api.get("/stakeholder-kinds").json()
    assert page["count"] == 10
    kinds = page["items"]
    assert len(kinds) == 10
    assert kinds[0] == {"code": "russian_federation", "name": "Российская Федерация"}


@pytest.mark.django_db
def test_openapi_schema(api):
    response = api.get("/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/associations" in paths
    assert "/api/v1/associations/{slug}" in paths


@pytest.mark.django_db
def test_create_with_coordinator_token(api, coordinator, token_for):
    response = api.post("/associations", VALID, token=token_for(coordinator))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["slug"] == "ryazanskoe-zemlyachestvo"
    assert body["regions"] == ["62"]
    assert body["ogrn"] == "1027700132195"
    association = Association.objects.get(slug="ryazanskoe-zemlyachestvo")
    assert (
        AuditEntry.objects.get(
            object_type="registry.association", object_id=str(association.pk)
        ).actor
        == coordinator
    )


@pytest.mark.django_db
def test_create_with_empty_registration_numbers(api, coordinator, token_for):
    data = {"name": "Тульское землячество", "regions": ["71"], "ogrn": "", "inn": ""}
    response = api.post("/associations", data, token=token_for(coordinator))
    assert response.status_code == 201
    assert response.json()["slug"] == "tulskoe-zemlyachestvo"


@pytest.mark.django_db
def test_bad_ogrn_answers_422_and_creates_nothing(api, coordinator, token_for):
    response = api.post(
        "/associations", {**VALID, "ogrn": "1027700132194"}, token=token_for(coordinator)
    )
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "loc": ["body", "ogrn"],
            "field": "ogrn",
            "msg": "Неверная контрольная цифра ОГРН.",
            "type": "value_error",
        }
    ]
    assert Association.objects.count() == 0
    assert AuditEntry.objects.filter(object_type="registry.association").count() == 0


@pytest.mark.django_db
def test_schema_errors_are_russian(api, coordinator, token_for):
    response = api.post(
        "/associations", {"regions": ["62"], "founded_year": "давно"}, token=token_for(coordinator)
    )
    assert response.status_code == 422
    errors = {e["field"]: e["msg"] for e in response.json()["detail"]}
    assert errors == {"name": "Обязательное поле.", "founded_year": "Нужно целое число."}
    assert Association.objects.count() == 0


@pytest.mark.django_db
def test_unknown_region_answers_422(api, coordinator, token_for):
    response = api.post("/associations", {**VALID, "regions": ["00"]}, token=token_for(coordinator))
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "regions"
    assert response.json()["detail"][0]["msg"] == "Неизвестный код субъекта РФ: 00."
    assert Association.objects.count() == 0


@pytest.mark.django_db
def test_create_without_token_401(api):
    response = api.post("/associations", VALID)
    assert response.status_code == 401
    assert Association.objects.count() == 0


@pytest.mark.django_db
def test_create_with_bad_token_401(api):
    response = api.post("/associations", VALID, token="zml_forged")
    assert response.status_code == 401
    assert Association.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["member", "leader"])
def test_create_with_member_or_leader_token_403(api, token_for, role):
    from tests.accounts.factories import UserFactory

    user = UserFactory(role=role, username=f"api-{role}")
    response = api.post("/associations", VALID, token=token_for(user))
    assert response.status_code == 403
    assert response.json() == {"detail": "Недостаточно прав для этого действия."}
    assert Association.objects.count() == 0


@pytest.mark.django_db
def test_leader_patches_only_own_association(api, leader, token_for):
    own = make_association("Тамбовское землячество", ["68"])
    other = make_association("Рязанское землячество", ["62"])
    own.leaders.add(leader)
    token = token_for(leader)
    response = api.patch(f"/associations/{own.slug}", {"founded_year": 1996}, token=token)
    assert response.status_code == 200
    assert response.json()["founded_year"] == 1996
    response = api.patch(f"/associations/{other.slug}", {"founded_year": 1990}, token=token)
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.founded_year is None


@pytest.mark.django_db
def test_patch_validation_changes_nothing(api, coordinator, token_for):
    association = make_association()
    response = api.patch(
        f"/associations/{association.slug}",
        {"inn": "123", "status": "suspended"},
        token=token_for(coordinator),
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "ИНН должен состоять из 10 или 12 цифр."
    association.refresh_from_db()
    assert (association.inn, association.status) == ("", "active")


@pytest.mark.django_db
def test_list_search_filters_and_paging(api):
    make_association("Тамбовское землячество", ["68"])
    make_association("Рязанское землячество", ["62"], status="suspended")
    make_association("Якутское землячество", ["14"])
    for q in ["тамбовского", "ТАМБОВСКОЕ", "тамбовское"]:
        body = api.get("/associations", q=q).json()
        assert body["count"] == 1
        assert [a["short_name"] or a["name"] for a in body["items"]] == ["Тамбовское землячество"]
    assert api.get("/associations", region="14").json()["count"] == 1
    assert api.get("/associations", district="CFD").json()["count"] == 2
    assert api.get("/associations", status="suspended").json()["items"][0]["regions"] == ["62"]
    page = api.get("/associations", limit=2, offset=2).json()
    assert page["count"] == 3
    assert [a["name"] for a in page["items"]] == ["Якутское землячество"]


@pytest.mark.django_db
def test_get_one_and_missing(api):
    association = make_association()
    assert api.get(f"/associations/{association.slug}").json()["name"] == "Тамбовское землячество"
    assert api.get("/associations/net-takogo").status_code == 404


@pytest.mark.django_db
def test_stakeholders(api, coordinator, member, token_for):
    make_stakeholder("Фонд «Родные края»", "business", ["68"])
    listing = api.get("/stakeholders").json()
    assert listing["count"] == 1
    assert listing["items"][0]["regions"] == ["68"]
    data = {"kind": "media", "name": "Газета «Земляки»", "regions": ["77"]}
    assert api.post("/stakeholders", data, token=token_for(member)).status_code == 403
    response = api.post("/stakeholders", data, token=token_for(coordinator))
    assert response.status_code == 201
    assert response.json()["kind_name"] == "СМИ"
    bad = api.post("/stakeholders", {**data, "kind": "aliens"}, token=token_for(coordinator))
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["field"] == "kind"
    assert api.get("/stakeholders").json()["count"] == 2


@pytest.mark.django_db
def test_list_answer_matches_its_declared_schema(api):
    from zemlyaki.registry.api import AssociationPage

    make_association("Тамбовское землячество", ["68", "62"], ogrn="1027700132195")
    body = api.get("/associations").json()
    page = AssociationPage.model_validate(body)
    assert page.count == 1
    assert page.items[0].regions == ["62", "68"]  # ordered by region name: Рязанская, Тамбовская
    assert body["items"][0] == {
        "slug": "tambovskoe-zemlyachestvo",
        "name": "Тамбовское землячество",
        "short_name": "",
        "regions": ["62", "68"],
        "legal_form": "rpo",
        "ogrn": "1027700132195",
        "inn": "",
        "founded_year": None,
        "status": "active",
        "address": "",
        "phone": "",
        "email": "",
        "website": "",
        "social_links": [],
        "description": "",
        "is_demo": False,
    }


@pytest.mark.django_db
def test_list_query_count(api, django_assert_num_queries):
    for n in range(5):
        make_association(f"Землячество {n}", ["68", "62"])
    with django_assert_num_queries(4):  # data version, page, region codes, count
        body = api.get("/associations").json()
    assert body["count"] == 5
    with django_assert_num_queries(1):  # the version only: the answer is cached
        assert api.get("/associations").json() == body


@pytest.mark.django_db
def test_cached_list_follows_every_change(api, coordinator, token_for):
    token = token_for(coordinator)
    association = make_association("Тамбовское землячество", ["68"])
    assert api.get("/associations").json()["items"][0]["status"] == "active"
    api.patch(f"/associations/{association.slug}", {"regions": ["68", "62"]}, token=token)
    assert api.get("/associations").json()["items"][0]["regions"] == ["62", "68"]
    api.patch(f"/associations/{association.slug}", {"status": "suspended"}, token=token)
    assert api.get("/associations").json()["items"][0]["status"] == "suspended"
    api.post("/associations", {"name": "Якутское землячество", "regions": ["14"]}, token=token)
    assert api.get("/associations").json()["count"] == 2
    from zemlyaki.registry.services import association_delete

    association_delete(actor=coordinator, association=association)
    assert [a["name"] for a in api.get("/associations").json()["items"]] == ["Якутское землячество"]
