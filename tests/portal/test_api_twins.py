"""The API operations that do what the site's editing and help desk pages do: the same
services, rights, audit records and refusals."""

import pytest

from tests.people.factories import make_person
from tests.registry.factories import make_association
from tests.support.audit import last_audit
from zemlyaki.portal.models import NewsItem, Practice, Publication, Question, QuestionStatus
from zemlyaki.portal.services import question_answer, question_ask
from zemlyaki.reports.models import ReportFinding
from zemlyaki.reports.services import report_create

pytestmark = pytest.mark.django_db

FORM = {"name": "Анна", "email": "anna@example.org", "text": "Как вступить в землячество?"}


def test_news_written_and_changed_by_the_leader_of_its_association(
    api, token_for, tambov, tambov_leader, member
):
    other = make_association("Рязанское землячество", codes=("62",), slug="ryazan")
    body = {"title": "Дни Тамбовской области", "status": "published", "regions": ["68"]}
    assert api.post("/news", body, token_for(member)).status_code == 403
    foreign = api.post("/news", {**body, "association": other.pk}, token_for(tambov_leader))
    assert foreign.status_code == 403
    bad_region = api.post(
        "/news", {**body, "association": tambov.pk, "regions": ["99"]}, token_for(tambov_leader)
    )
    assert bad_region.status_code == 422 and bad_region.json()["detail"][0]["field"] == "regions"
    assert NewsItem.objects.count() == 0
    created = api.post("/news", {**body, "association": tambov.pk}, token_for(tambov_leader))
    assert created.status_code == 201
    news = NewsItem.objects.get()
    assert (news.association, news.status, list(news.regions.values_list("code", flat=True))) == (
        tambov,
        "published",
        ["68"],
    )
    assert last_audit(NewsItem) == ("create", "lead-a")
    changed = api.patch(
        f"/news/{news.slug}", {"lead": "Концерт и ярмарка"}, token_for(tambov_leader)
    )
    assert (changed.status_code, changed.json()["lead"]) == (200, "Концерт и ярмарка")
    assert last_audit(NewsItem) == ("update", "lead-a")
    assert api.patch(f"/news/{news.slug}", {"lead": "x"}, token_for(member)).status_code == 403


def test_publication_choices_of_an_association(api, token_for, tambov, tambov_leader, member):
    path = f"/associations/{tambov.slug}/publication"
    assert api.put(path, {"show_contacts": True}, token_for(member)).status_code == 403
    assert Publication.objects.count() == 0
    saved = api.put(
        path, {"show_contacts": True, "show_member_count": True}, token_for(tambov_leader)
    )
    assert saved.status_code == 200
    assert saved.json() == {
        "show_contacts": True,
        "show_website": False,
        "leader_contact": False,
        "show_member_count": True,
        "show_standard_score": False,
    }
    assert last_audit(Publication) == ("update", "lead-a")


def test_event_place(api, token_for, coordinator, member, tambov):
    from tests.events.factories import make_event

    event = make_event(is_public=True)
    path = f"/events/{event.pk}/place"
    assert api.put(path, {"association": tambov.pk}, token_for(member)).status_code == 403
    bad = api.put(path, {"association": 99999}, token_for(coordinator))
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "association"
    placed = api.put(path, {"association": tambov.pk}, token_for(coordinator))
    assert placed.json() == {"event": event.pk, "association": tambov.pk, "regions": ["68"]}


def test_practices_written_and_accepted_by_the_coordinator(
    api, token_for, coordinator, tambov_leader, tambov
):
    body = {"title": "Школа землячества", "description": "Занятия для молодёжи", "year": 2024}
    assert api.post("/practices", body, token_for(tambov_leader)).status_code == 403
    bad = api.post("/practices", {**body, "direction": "poetry"}, token_for(coordinator))
    assert [(d["field"], d["msg"]) for d in bad.json()["detail"]] == [
        ("direction", "Неизвестное направление.")
    ]
    assert Practice.objects.count() == 0
    made = api.post("/practices", {**body, "direction": "youth"}, token_for(coordinator))
    assert (made.status_code, made.json()["direction"]) == (201, "youth")
    assert last_audit(Practice) == ("create", "coord")

    report = report_create(
        actor=None, association=tambov, year_from=2019, title="Отчёт за 2019 год",
        text="В 2019 году землячество провело фестиваль.", process=False,
    )  # fmt: skip
    finding = ReportFinding.objects.create(
        report=report, kind="outcome", category="achievement", quote="провело фестиваль",
        start=0, end=10,
    )  # fmt: skip
    path = f"/practices/candidates/{finding.pk}/accept"
    assert api.post(path, None, token_for(tambov_leader)).status_code == 403
    accepted = api.post(path, None, token_for(coordinator))
    assert (accepted.status_code, accepted.json()["year"]) == (201, 2019)
    again = api.post(path, None, token_for(coordinator))
    assert again.json() == {"detail": "Эта находка уже принята как практика."}
    assert again.status_code == 409


def test_questions_assigned_and_published_by_the_coordinator(api, token_for, coordinator, member):
    expert = make_person("Юристов", first="Пётр", email="expert@example.org", show_as_expert=True)
    plain = make_person("Обычный", email="p@example.org")
    question = question_ask(**FORM, publish_consent=True)
    path = f"/questions/{question.pk}/assign"
    assert api.post(path, {"expert": expert.pk}, token_for(member)).status_code == 403
    refused = api.post(path, {"expert": plain.pk}, token_for(coordinator))
    assert [(d["field"], d["msg"]) for d in refused.json()["detail"]] == [
        ("expert", "У эксперта нет адреса или согласия на показ.")
    ]
    assert Question.objects.get().status == QuestionStatus.NEW
    assigned = api.post(path, {"expert": expert.pk}, token_for(coordinator))
    assert assigned.json() == {
        "id": question.pk,
        "status": "assigned",
        "expert": expert.pk,
        "is_public": False,
    }
    publish = f"/questions/{question.pk}/publish"
    early = api.post(publish, {"public": True}, token_for(coordinator))
    assert early.status_code == 409
    question_answer(question=Question.objects.get(), answer="Напишите заявление.")
    published = api.post(publish, {"public": True}, token_for(coordinator))
    assert (published.status_code, published.json()["is_public"]) == (200, True)
    assert last_audit(Question) == ("update", "coord")


def test_feedback_without_a_token(api):
    response = api.post("/feedback", {**FORM, "text": "Спасибо за сайт"})
    assert (response.status_code, response.json()) == (201, {"accepted": True})
    assert list(Question.objects.values_list("kind", "text")) == [("feedback", "Спасибо за сайт")]
    empty = api.post("/feedback", {**FORM, "text": ""})
    assert empty.status_code == 422 and empty.json()["detail"][0]["field"] == "text"
    trap = api.post("/feedback", {**FORM, "website": "http://spam"})
    assert trap.status_code == 201 and Question.objects.count() == 1
