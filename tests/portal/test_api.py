"""The public API of the information centre."""

import datetime

import pytest
from django.utils import timezone

from tests.people.factories import make_person
from tests.registry.factories import make_association
from zemlyaki.portal.models import Question
from zemlyaki.portal.services import news_create, practice_create

pytestmark = pytest.mark.django_db


def test_news_lists_only_published_and_due_items(api, coordinator, settings):
    settings.ZEMLYAKI_SITE_URL = "https://zemlyaki.example.org"
    a = make_association("Тамбовское землячество", codes=("68",), slug="tambov")
    live = news_create(actor=coordinator, association=a, title="Сегодня", status="published")
    news_create(actor=coordinator, title="Черновик")
    news_create(
        actor=coordinator, title="Завтра", status="published",
        published_at=timezone.now() + datetime.timedelta(days=1),
    )  # fmt: skip
    body = api.get("/news").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert (item["title"], item["association"]) == ("Сегодня", "Тамбовское землячество")
    assert item["url"] == f"https://zemlyaki.example.org/news/{live.slug}/"
    assert api.get("/news", association="other").json()["count"] == 0
    assert api.get("/news", limit=0).status_code == 422


def test_practices_are_searchable_by_word_forms_and_region(api, coordinator):
    a = make_association("Тамбовское землячество", codes=("68",), slug="tambov")
    practice_create(actor=coordinator, title="Фестиваль земляков", description="Фестивали.",
                    association=a, year=2020)  # fmt: skip
    practice_create(actor=coordinator, title="Скрытая", description="-", is_published=False)
    assert [p["title"] for p in api.get("/practices").json()["items"]] == ["Фестиваль земляков"]
    assert api.get("/practices", q="фестивалями").json()["count"] == 1
    assert api.get("/practices", region="62").json()["count"] == 0


def test_region_summary_counts_associations_consenting_members_and_events(api):
    a = make_association("Тамбовское землячество", codes=("68",), slug="tambov")
    make_person("Петров", association=a)
    make_person("Сидоров", association=a, consent=None)
    assert api.get("/regions/68/summary").json() == {
        "code": "68", "name": "Тамбовская область", "federal_district": "ЦФО",
        "associations": 1, "members_counted": 1, "events": 0,
    }  # fmt: skip
    assert api.get("/regions/00/summary").status_code == 404


def test_questions_are_accepted_rate_limited_with_429_and_checked(api, settings):
    settings.ZEMLYAKI_QUESTIONS_PER_HOUR = 2
    payload = {"name": "Анна", "email": "anna@example.org", "text": "Вопрос"}
    codes = [api.post("/questions", payload).status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    refused = api.post("/questions", payload)
    assert refused.json() == {
        "detail": "Слишком много вопросов с вашего адреса. Попробуйте через час."
    }
    assert Question.objects.count() == 2
    Question.objects.all().delete()
    assert api.post("/questions", {**payload, "email": "не адрес"}).status_code == 422
    assert api.post("/questions", {**payload, "association": "missing"}).status_code == 422
    assert api.post("/questions", {**payload, "website": "x"}).status_code == 201
    assert Question.objects.count() == 0
