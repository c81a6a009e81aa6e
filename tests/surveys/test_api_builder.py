"""The questionnaire builder's pages in the API: create, change, delete and copy a survey,
from the template, questions, invitations and reminders, decisions on profile changes —
same permissions, services and audit as the pages."""

import pytest

from tests.people.factories import make_person
from tests.registry.factories import make_association
from tests.support.audit import audit_trail, row_counts
from zemlyaki.core.models import AuditEntry
from zemlyaki.people.models import Membership
from zemlyaki.surveys.models import ChangeStatus, Invitation, ProfileChange, Question, Survey
from zemlyaki.surveys.services import response_submit_all

from .factories import make_question, make_survey
from .test_services import template_answers

pytestmark = pytest.mark.django_db


# the tables a refused write leaves as they were
COUNTED = (Survey, Question, Invitation, AuditEntry)


def test_leader_creates_changes_and_deletes_a_survey_of_their_association(api, leader, token_for):
    own = make_association("Тамбовское землячество", ["68"])
    own.leaders.add(leader)
    token = token_for(leader)
    created = api.post(
        "/surveys",
        {
            "title": "Анкета земляка",
            "association": own.slug,
            "page_titles": ["Контакты", ""],
            "opens_on": "2026-01-01",
        },
        token=token,
    )
    assert created.status_code == 201
    survey = Survey.objects.get(pk=created.json()["id"])
    assert created.json() == {
        "id": survey.pk,
        "title": "Анкета земляка",
        "mode": "anonymous",
        "opens_on": "2026-01-01",
        "closes_on": None,
        "is_open": False,
        "intro": "",
        "slug": survey.slug,
        "is_published": False,
        "association": own.slug,
        "page_titles": ["Контакты"],
    }
    changed = api.patch(
        f"/surveys/{survey.pk}", {"title": "Анкета активиста", "mode": "personal"}, token=token
    )
    assert changed.status_code == 200
    survey.refresh_from_db()
    assert (survey.title, survey.mode) == ("Анкета активиста", "personal")
    assert api.delete(f"/surveys/{survey.pk}", token=token).status_code == 204
    assert not Survey.objects.filter(pk=survey.pk).exists()
    assert audit_trail(survey) == [("create", "lead"), ("update", "lead"), ("delete", "lead")]


def test_survey_refusals(api, leader, member, coordinator, token_for):
    own = make_association("Тамбовское землячество", ["68"])
    other = make_association("Рязанское землячество", ["62"])
    own.leaders.add(leader)
    foreign = make_survey("Чужая анкета", association=other)
    own_survey = make_survey("Своя анкета", association=own)
    lead, memb = token_for(leader), token_for(member)
    before = row_counts(*COUNTED)
    none = api.post("/surveys", {"title": "Х"}, token=lead)
    assert none.json()["detail"][0] == {
        "loc": ["body", "association"],
        "field": "association",
        "msg": "Руководитель создаёт анкеты своего землячества: выберите землячество.",
        "type": "value_error",
    }
    # another's association is a permission, the same for every operation naming one (403);
    # a slug of no association is a wrong field (422)
    for path in ("/surveys", "/survey-templates"):
        wrong = api.post(path, {"title": "Х", "association": other.slug}, token=lead)
        assert (wrong.status_code, wrong.json()) == (
            403,
            {"detail": "Недостаточно прав для этого действия."},
        )
        missing = api.post(path, {"title": "Х", "association": "no-such"}, token=lead)
        assert missing.status_code == 422
        assert [(d["field"], d["msg"]) for d in missing.json()["detail"]] == [
            ("association", "Землячество не найдено.")
        ]
    moved = api.patch(f"/surveys/{own_survey.pk}", {"association": other.slug}, token=lead)
    assert moved.status_code == 403
    own_survey.refresh_from_db()
    assert own_survey.association == own
    assert api.post("/surveys", {"title": ""}, token=lead).json()["detail"][0]["field"] == ("title")
    assert api.post("/surveys", {"title": "Х"}, token=memb).status_code == 403
    assert api.patch(f"/surveys/{foreign.pk}", {"title": "Х"}, token=lead).status_code == 403
    assert api.delete(f"/surveys/{foreign.pk}", token=lead).status_code == 403
    assert api.post(f"/surveys/{foreign.pk}/duplicate", token=lead).status_code == 403
    assert api.post("/surveys", {"title": "Х"}).status_code == 401
    foreign.refresh_from_db()
    assert foreign.title == "Чужая анкета"
    assert row_counts(*COUNTED) == before


def test_answered_survey_is_not_deleted(api, coordinator, token_for):
    survey = make_survey()
    question = make_question(survey)
    response_submit_all(survey=survey, raw={question.pk: "Ответ"})
    token = token_for(coordinator)
    refused = api.delete(f"/surveys/{survey.pk}", token=token)
    assert (refused.status_code, refused.json()["detail"][0]["msg"]) == (
        422,
        "На анкету уже ответили: удалить её нельзя, можно только закрыть.",
    )
    assert Survey.objects.filter(pk=survey.pk).exists()


def test_copy_and_template(api, coordinator, token_for):
    survey = make_survey("Анкета земляка")
    make_question(survey, title="Фамилия")
    token = token_for(coordinator)
    copy = api.post(f"/surveys/{survey.pk}/duplicate", token=token)
    assert copy.status_code == 201
    assert (copy.json()["title"], copy.json()["is_published"]) == (
        "Анкета земляка (копия)",
        False,
    )
    assert list(
        Question.objects.filter(survey_id=copy.json()["id"]).values_list("title", flat=True)
    ) == ["Фамилия"]
    made = api.post("/survey-templates", {"mode": "personal"}, token=token)
    assert made.status_code == 201
    assert made.json()["title"] == "Анкета активиста землячества"
    assert made.json()["mode"] == "personal"
    assert audit_trail(Survey.objects.get(pk=made.json()["id"]))[0] == ("create", "coord")


def test_questions_added_changed_moved_and_deleted(api, coordinator, token_for):
    survey = make_survey(published=False)
    first = make_question(survey, title="Фамилия")
    token = token_for(coordinator)
    added = api.post(
        f"/surveys/{survey.pk}/questions",
        {"type": "single", "title": "Ваш возраст", "options": ["до 30", "30–60", "старше 60"]},
        token=token,
    )
    assert added.status_code == 201
    question = Question.objects.get(pk=added.json()["id"])
    assert [o["title"] for o in added.json()["options"]] == ["до 30", "30–60", "старше 60"]
    assert (added.json()["type"], added.json()["page"]) == ("single", 1)
    no_options = api.post(
        f"/surveys/{survey.pk}/questions", {"type": "single", "title": "Х"}, token=token
    )
    assert no_options.status_code == 422
    assert no_options.json()["detail"][0]["field"] == "options"
    bad_condition = api.post(
        f"/surveys/{survey.pk}/questions",
        {"type": "short_text", "title": "Х", "condition_question": 999999},
        token=token,
    )
    assert bad_condition.json()["detail"][0]["msg"] == "Вопрос условия не найден в анкете."

    changed = api.patch(
        f"/surveys/{survey.pk}/questions/{question.pk}",
        {"title": "Возраст", "required": True},
        token=token,
    )
    assert (changed.json()["title"], changed.json()["required"]) == ("Возраст", True)
    moved = api.post(
        f"/surveys/{survey.pk}/questions/{question.pk}/move", {"direction": "up"}, token=token
    )
    assert moved.status_code == 200
    assert list(survey.questions.order_by("position").values_list("pk", flat=True)) == [
        question.pk,
        first.pk,
    ]
    wrong_way = api.post(
        f"/surveys/{survey.pk}/questions/{question.pk}/move", {"direction": "left"}, token=token
    )
    assert wrong_way.json()["detail"][0]["field"] == "direction"
    deleted = api.delete(f"/surveys/{survey.pk}/questions/{question.pk}", token=token)
    assert deleted.status_code == 204
    assert [a for a, _u in audit_trail(question)] == ["create", "update", "update", "delete"]
    assert {u for _a, u in audit_trail(question)} == {"coord"}
    other = make_survey("Другая")
    assert api.delete(f"/surveys/{other.pk}/questions/{first.pk}", token=token).status_code == 404


def test_invitations_and_reminders(
    api, leader, token_for, smtp, django_capture_on_commit_callbacks
):
    own = make_association("Тамбовское землячество", ["68"])
    own.leaders.add(leader)
    survey = make_survey("Анкета", mode="personal", association=own)
    anna = make_person("Иванова", "Анна", "", email="anna@example.org")
    Membership.objects.create(person=anna, association=own)
    nomail = make_person("Петров", "Пётр", "")
    Membership.objects.create(person=nomail, association=own)
    token = token_for(leader)
    with django_capture_on_commit_callbacks(execute=True):
        sent = api.post(
            f"/surveys/{survey.pk}/invitations",
            {"source": "association", "association": own.slug},
            token=token,
        )
    assert sent.json() == {"sent": 1, "already": 0, "no_email": 1}
    assert list(Invitation.objects.values_list("person__email", flat=True)) == ["anna@example.org"]
    assert [m["To"] for m in smtp] == ["anna@example.org"]
    by_body = api.post(
        f"/surveys/{survey.pk}/invitations", {"source": "body", "body": 1}, token=token
    )
    assert by_body.json()["detail"][0] == {
        "loc": ["body", "source"],
        "field": "source",
        "msg": "Членов органа приглашает координатор.",
        "type": "value_error",
    }
    empty = api.post(f"/surveys/{survey.pk}/invitations", {"source": "search"}, token=token)
    assert empty.json()["detail"][0]["msg"] == "Введите условие поиска."
    other = make_association("Курское землячество", ["46"])
    foreign = api.post(
        f"/surveys/{survey.pk}/invitations",
        {"source": "association", "association": other.slug},
        token=token,
    )
    assert foreign.status_code == 403  # another's members, as everywhere an association is named
    assert Invitation.objects.count() == 1
    reminded = api.post(f"/surveys/{survey.pk}/reminders", token=token)
    assert reminded.json() == {"sent": 1}
    assert [e[0] for e in audit_trail(survey)][-2:] == ["update", "update"]


def test_coordinator_decides_a_profile_change(api, coordinator, leader, token_for):
    from zemlyaki.surveys.template import survey_create_from_template

    make_association("Тамбовское землячество", ["68"])
    survey = survey_create_from_template(actor=coordinator, is_published=True)
    raw, _law = template_answers(survey)
    response_submit_all(survey=survey, raw=raw)
    change = ProfileChange.objects.get()
    denied = api.post(
        f"/profile-changes/{change.pk}/decision", {"decision": "accept"}, token=token_for(leader)
    )
    assert denied.status_code == 403
    change.refresh_from_db()
    assert change.status == ChangeStatus.PENDING
    token = token_for(coordinator)
    accepted = api.post(
        f"/profile-changes/{change.pk}/decision", {"decision": "accept"}, token=token
    )
    assert accepted.status_code == 200
    change.refresh_from_db()
    assert accepted.json() == {
        "id": change.pk,
        "status": "accepted",
        "person": change.person_id,
        "note": "Создан новый участник.",
    }
    assert audit_trail(change)[-1] == ("update", "coord")
    again = api.post(f"/profile-changes/{change.pk}/decision", {"decision": "reject"}, token=token)
    assert again.json()["detail"][0]["msg"] == "Решение по этому изменению уже принято."
