"""The news operations of the API take the lengths the news item keeps: the OpenAPI
document says the model's limits, and a longer value is refused by name before anything
is written."""

import pytest

from zemlyaki.api.api import api as ninja_api
from zemlyaki.portal.models import NewsItem

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("schema", ["NewsIn", "NewsPatch"])
@pytest.mark.parametrize("field", ["title", "image_alt"])
def test_the_documented_limit_is_the_model_s(schema, field):
    properties = ninja_api.get_openapi_schema()["components"]["schemas"][schema]["properties"]
    declared = properties[field].get("maxLength")
    if declared is None:  # an optional field: its string alternative carries the limit
        declared = next(a["maxLength"] for a in properties[field]["anyOf"] if "maxLength" in a)
    assert declared == NewsItem._meta.get_field(field).max_length == 200


@pytest.mark.parametrize("field", ["title", "image_alt"])
def test_a_longer_value_is_refused_by_its_name(api, token_for, tambov, tambov_leader, field):
    body = {"title": "Дни Тамбовской области", "association": tambov.pk, field: "я" * 201}

    answer = api.post("/news", body, token_for(tambov_leader))

    assert answer.status_code == 422
    assert [item["loc"][-1] for item in answer.json()["detail"]] == [field]
    assert NewsItem.objects.count() == 0


def test_a_longer_title_in_a_change_leaves_the_item_as_it_was(
    api, token_for, tambov, tambov_leader
):
    created = api.post(
        "/news", {"title": "Дни Тамбовской области", "association": tambov.pk},
        token_for(tambov_leader),
    )  # fmt: skip
    assert created.status_code == 201
    item = NewsItem.objects.get()

    answer = api.patch(f"/news/{item.slug}", {"title": "я" * 201}, token_for(tambov_leader))

    assert answer.status_code == 422
    assert [entry["loc"][-1] for entry in answer.json()["detail"]] == ["title"]
    assert NewsItem.objects.get().title == "Дни Тамбовской области"
