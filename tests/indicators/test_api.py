import base64
import datetime

import pytest

from tests.registry.factories import make_association
from zemlyaki.indicators.models import Measurement
from zemlyaki.indicators.services import measurement_enter, stages_set

from .factories import controller, make_document, make_indicator, recorder

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NOW = datetime.date.today().year


@pytest.fixture
def world():
    document = make_document()
    entered = make_indicator(document, code="В1", targets={2026: 100, 2029: 200},
                             baseline_year=2023, baseline_value=50, public=True)  # fmt: skip
    computed = make_indicator(document, code="В2", source="computed", measure="events.held")
    return document, entered, computed


def test_list_and_detail_with_stages_and_latest_values(api, token_for, member, world):
    _document, entered, _computed = world
    author = recorder()
    m = measurement_enter(actor=author, indicator=entered, year=2024, value=80,
                          evidence_url="https://example.org/a")  # fmt: skip
    from zemlyaki.indicators.services import measurement_review

    measurement_review(actor=controller(), measurement=m, decision="accepted")
    response = api.get("/indicators", token_for(member))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    first = body["items"][0]
    assert first["code"] == "В1"
    assert first["latest"] == {"year": 2024, "value": 80.0}
    assert [(s["start_year"], s["end_year"], s["target"]) for s in first["stages"]] == [
        (2024, 2026, 100.0), (2027, 2029, 200.0), (2030, 2032, None),
    ]  # fmt: skip
    assert first["stages"][0]["forecast"] == 140.0  # 50 in 2023, 80 in 2024: +30 a year
    detail = api.get(f"/indicators/{entered.pk}", token_for(member)).json()
    assert detail["baseline"] == {"year": 2023, "value": 50.0, "source": ""}
    assert detail["targets"] == [{"year": 2026, "value": 100.0}, {"year": 2029, "value": 200.0}]
    assert detail["series"] == [{"year": 2024, "value": 80.0}]


def test_stages_follow_the_document(api, token_for, member, world):
    document, entered, _computed = world
    stages_set(actor=None, document=document, periods=[(2024, 2028), (2029, 2032)])
    body = api.get(f"/indicators/{entered.pk}", token_for(member)).json()
    assert [(s["start_year"], s["end_year"]) for s in body["stages"]] == [
        (2024, 2028), (2029, 2032),
    ]  # fmt: skip


def test_post_without_kpi_record_is_403_and_nothing_saved(api, token_for, member, world):
    _document, entered, _computed = world
    payload = {"value": 10, "period": 2025, "evidence": "https://example.org/akt"}
    response = api.post(f"/indicators/{entered.pk}/measurements", payload, token_for(member))
    assert response.status_code == 403
    assert Measurement.objects.count() == 0


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"value": 10, "period": 2019, "evidence": "https://example.org/a"}, "period"),
        ({"value": 10, "period": NOW + 1, "evidence": "https://example.org/a"}, "period"),
        ({"value": -3, "period": 2025, "evidence": "https://example.org/a"}, "value"),
        ({"value": "десять", "period": 2025, "evidence": "https://example.org/a"}, "value"),
        ({"value": 10, "period": 2025}, "evidence"),
        ({"value": 10, "period": 2025, "evidence": {"filename": "a.pdf",
          "content_base64": base64.b64encode(b"<html><script>x</script></html>").decode()}},
         "evidence"),
    ],
)  # fmt: skip
def test_bad_input_is_422_naming_the_field(api, token_for, world, payload, field):
    _document, entered, _computed = world
    response = api.post(f"/indicators/{entered.pk}/measurements", payload, token_for(recorder()))
    assert response.status_code == 422, response.json()
    assert [item["field"] for item in response.json()["detail"]] == [field]
    assert Measurement.objects.count() == 0


def test_post_with_a_file_then_review(api, token_for, world):
    _document, entered, _computed = world
    author, reviewer = recorder(), controller()
    payload = {
        "value": "120.5",
        "period": 2025,
        "comment": "По акту",
        "evidence": {"filename": "akt.pdf", "content_base64": base64.b64encode(PDF).decode()},
    }
    response = api.post(f"/indicators/{entered.pk}/measurements", payload, token_for(author))
    assert response.status_code == 201, response.json()
    created = response.json()
    assert (created["value"], created["status"], created["year"]) == (120.5, "pending", 2025)
    assert created["evidence_file"].startswith("/media/indicators/evidence/")

    url = f"/measurements/{created['id']}/review"
    assert api.post(url, {"decision": "accepted"}, token_for(author)).status_code == 403
    bad = api.post(url, {"decision": "returned"}, token_for(reviewer))
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "remarks"
    done = api.post(url, {"decision": "returned", "remarks": "Нет печати"}, token_for(reviewer))
    assert done.status_code == 200
    assert (done.json()["status"], done.json()["remarks"]) == ("returned", "Нет печати")
    again = api.post(url, {"decision": "accepted"}, token_for(reviewer))
    assert again.status_code == 409
    listed = api.get(f"/indicators/{entered.pk}/measurements", token_for(author)).json()
    assert [(m["id"], m["status"]) for m in listed["items"]] == [(created["id"], "returned")]


def test_posting_to_a_computed_indicator_is_a_conflict(api, token_for, world):
    _document, _entered, computed = world
    payload = {"value": 1, "period": 2025, "evidence": "https://example.org/a"}
    response = api.post(f"/indicators/{computed.pk}/measurements", payload, token_for(recorder()))
    assert response.status_code == 409
    assert Measurement.objects.count() == 0


def test_association_value_on_a_community_indicator_is_refused(api, token_for, world):
    _document, entered, _computed = world
    tambov = make_association()
    payload = {"value": 1, "period": 2025, "association": tambov.pk,
               "evidence": "https://example.org/a"}  # fmt: skip
    response = api.post(f"/indicators/{entered.pk}/measurements", payload, token_for(recorder()))
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "association"
