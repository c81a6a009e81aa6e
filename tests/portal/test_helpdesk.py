"""The help desk (question → coordinator → expert → answer by mail → FAQ) and the
practices library (achievements from the reports analysis, accepted by the coordinator)."""

import re

import pytest
from django.test import Client

from tests.people.factories import make_person
from tests.registry.factories import make_association
from tests.support.visibility import assert_agrees
from zemlyaki.core.errors import Conflict, Forbidden
from zemlyaki.portal.models import Practice, Question, QuestionStatus
from zemlyaki.portal.services import (
    practice_accept,
    question_answer,
    question_ask,
    question_assign,
    question_publish,
)
from zemlyaki.reports.models import ReportFinding
from zemlyaki.reports.services import report_create

pytestmark = pytest.mark.django_db

FORM = {"name": "Анна", "email": "anna@example.org", "text": "Как вступить в землячество?"}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_visitor_asks_a_question_and_the_honeypot_keeps_nothing():
    response = Client().post("/help/", FORM)
    assert response.status_code == 302 and response["Location"] == "/help/thanks/"
    question = Question.objects.get()
    assert (question.name, question.email, question.status) == ("Анна", "anna@example.org", "new")
    assert question.client_key != ""
    robot = Client().post("/help/", {**FORM, "website": "http://spam.example"})
    assert robot.status_code == 302
    assert Question.objects.count() == 1


def test_a_burst_of_questions_is_rate_limited_and_nothing_accepted_is_lost(settings):
    settings.ZEMLYAKI_QUESTIONS_PER_HOUR = 3
    client = Client()
    codes = [client.post("/help/", {**FORM, "text": f"Вопрос {n}"}).status_code for n in range(6)]
    assert codes == [302, 302, 302, 429, 429, 429]
    assert sorted(Question.objects.values_list("text", flat=True)) == [
        "Вопрос 0", "Вопрос 1", "Вопрос 2",
    ]  # fmt: skip
    limited = client.post("/help/", FORM)
    assert "Слишком много вопросов с вашего адреса" in limited.content.decode()
    # Another client is not affected.
    other = Client(REMOTE_ADDR="10.0.0.9").post("/help/", FORM)
    assert other.status_code == 302


def test_coordinator_assigns_the_expert_answers_and_the_asker_gets_the_mail(
    coordinator, smtp, settings, django_capture_on_commit_callbacks
):
    settings.ZEMLYAKI_SITE_URL = "https://zemlyaki.example.org"
    expert = make_person("Юристов", first="Пётр", email="expert@example.org", show_as_expert=True)
    question = question_ask(**FORM)
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(coordinator).post(
            f"/help/questions/{question.pk}/", {"expert": expert.pk}
        )
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.status, question.expert) == (QuestionStatus.ASSIGNED, expert)
    assert [m["X-Envelope-To"] for m in smtp] == ["expert@example.org"]
    link = re.search(
        r"https://zemlyaki\.example\.org(/help/answer/[^/\s]+/)", smtp[0].get_content()
    )
    assert link is not None
    with django_capture_on_commit_callbacks(execute=True):
        answered = Client().post(link.group(1), {"answer": "Напишите заявление председателю."})
    assert answered.status_code == 302
    assert [m["X-Envelope-To"] for m in smtp] == ["expert@example.org", "anna@example.org"]
    assert "Напишите заявление председателю." in smtp[1].get_content()
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    # The personal link works once.
    assert Client().get(link.group(1)).status_code == 404


def test_the_faq_shows_only_answered_questions_whose_asker_agreed(coordinator, member):
    expert = make_person("Эксперт", email="e@example.org", show_as_expert=True)
    agreed = question_ask(**FORM, publish_consent=True)
    refused = question_ask(**{**FORM, "text": "Личный вопрос"})
    for q in (agreed, refused):
        question_assign(actor=coordinator, question=q, expert=expert)
        question_answer(question=q, answer="Ответ")
    with pytest.raises(Conflict):
        question_publish(actor=coordinator, question=refused, public=True)
    with pytest.raises(Forbidden):
        question_publish(actor=member, question=agreed, public=True)
    question_publish(actor=coordinator, question=agreed, public=True)
    page = Client().get("/help/").content.decode()
    assert "Как вступить в землячество?" in page and "Личный вопрос" not in page
    assert "anna@example.org" not in page
    seen = assert_agrees(Question, [None, member, coordinator])
    assert seen[None] == seen[member] == {agreed.pk}
    assert seen[coordinator] == {agreed.pk, refused.pk}


def test_only_the_coordinator_sees_the_queue(member, leader):
    question_ask(**FORM)
    assert signed_in(member).get("/help/questions/").status_code == 403
    assert signed_in(leader).get("/help/questions/").status_code == 403


def _finding(association):
    report = report_create(
        actor=None, association=association, year_from=2019, title="Отчёт за 2019 год",
        text="В 2019 году землячество провело фестиваль, который посетили 500 человек.",
        process=False,
    )  # fmt: skip
    return ReportFinding.objects.create(
        report=report, kind="outcome", category="achievement", quote="провело фестиваль",
        start=0, end=10,
    )  # fmt: skip


def test_coordinator_accepts_an_achievement_as_a_practice(coordinator, leader):
    association = make_association("Тамбовское землячество", codes=("68",), slug="tambov")
    finding = _finding(association)
    refused = signed_in(leader).post(f"/practices/candidates/{finding.pk}/accept/")
    assert refused.status_code == 403
    assert not Practice.objects.exists()
    assert (
        signed_in(coordinator).post(f"/practices/candidates/{finding.pk}/accept/").status_code
        == 302
    )
    practice = Practice.objects.get()
    assert (practice.association, practice.year, practice.finding) == (association, 2019, finding)
    with pytest.raises(Conflict):
        practice_accept(actor=coordinator, finding=finding)
    found = Client().get("/practices/?q=фестивалем").content.decode()
    assert "провело фестиваль" in found
    assert Client().get("/practices/?region=68").content.decode().count("<article") == 1
    assert Client().get("/practices/?region=62").content.decode().count("<article") == 0


def test_feedback_is_kept_for_the_coordinator_rate_limited_and_guarded_by_a_honeypot(settings):
    settings.ZEMLYAKI_QUESTIONS_PER_HOUR = 2
    data = {"name": "Олег", "email": "oleg@example.org", "text": "Добавьте карту Москвы."}
    assert Client().post("/obratnaya-svyaz/", {**data, "website": "x"}).status_code == 302
    assert not Question.objects.exists()
    client = Client()
    codes = [client.post("/obratnaya-svyaz/", data).status_code for _ in range(3)]
    assert codes == [302, 302, 429]
    assert list(Question.objects.values_list("kind", flat=True)) == ["feedback", "feedback"]
    assert "Добавьте карту Москвы." not in Client().get("/help/").content.decode()


def test_the_askers_questions_are_in_my_data_and_erased_with_the_person(coordinator):
    from zemlyaki.people.holders import records_elsewhere
    from zemlyaki.people.services import person_erase

    person = make_person("Аннина", first="Анна", email="anna@example.org")
    mine = question_ask(**FORM)
    other = question_ask(**{**FORM, "email": "other@example.org"})
    held = {r["label"]: r for r in records_elsewhere(person=person, user=None)}
    assert [q["question"] for q in held["portal.questions"]["records"]] == [FORM["text"]]
    person_erase(actor=coordinator, person=person)
    mine.refresh_from_db()
    other.refresh_from_db()
    assert (mine.name, mine.email, mine.text) == ("удалённый автор", "erased@invalid", "")
    assert other.email == "other@example.org"
