import pytest

from tests.registry.factories import make_association
from zemlyaki.surveys.models import Answer, Response, SurveyMode
from zemlyaki.surveys.services import invitations_send

from .factories import make_full_survey, make_question, make_survey


def opt(question, title):
    return question.options.get(title=title).pk


@pytest.fixture
def full(db):
    return make_full_survey()


def test_list_shows_published_only_to_guests(full, api):
    survey, _q, _t = full
    make_survey("Черновик", published=False)
    page = api.get("/surveys").json()
    assert page["count"] == 1
    body = page["items"]
    assert [s["title"] for s in body] == ["Анкета земляка"]
    assert body[0]["is_open"] is True
    assert body[0]["id"] == survey.pk


def test_detail_reads_questions(full, api):
    survey, q, time_option = full
    body = api.get(f"/surveys/{survey.pk}").json()
    questions = {item["id"]: item for item in body["questions"]}
    assert [item["title"] for item in body["questions"]][:4] == [
        "Как вас зовут?", "Расскажите о себе", "Чем готовы помочь?", "Часов в месяц",
    ]  # fmt: skip
    help_ = questions[q["help"].pk]
    assert help_["type"] == "multiple"
    assert help_["required"] is True
    assert help_["options"] == [
        {"id": opt(q["help"], "Знания"), "title": "Знания"},
        {"id": time_option.pk, "title": "Время"},
        {"id": opt(q["help"], "Деньги"), "title": "Деньги"},
    ]
    assert (questions[q["hours"].pk]["min"], questions[q["hours"].pk]["max"]) == (1, 100)
    assert questions[q["hours"].pk]["condition"] == {
        "question": q["help"].pk, "op": "contains", "value": str(time_option.pk),
    }  # fmt: skip
    assert (questions[q["scale"].pk]["min"], questions[q["scale"].pk]["max"]) == (1, 5)
    rows = questions[q["matrix"].pk]["rows"]
    assert [r["title"] for r in rows] == ["Культура", "Спорт"]


def test_post_response_then_results(full, api, coordinator, token_for):
    survey, q, time_option = full
    rows = {o.title: o.pk for o in q["matrix"].options.filter(is_row=True)}
    answer = {
        str(q["name"].pk): "Анна",
        str(q["help"].pk): [time_option.pk, opt(q["help"], "Знания")],
        str(q["hours"].pk): 10,
        str(q["city"].pk): opt(q["city"], "Москва"),
        str(q["scale"].pk): 5,
        str(q["matrix"].pk): {str(rows["Культура"]): opt(q["matrix"], "Важно")},
    }
    created = api.post(f"/surveys/{survey.pk}/responses", {"answers": answer})
    assert created.status_code == 201, created.json()
    assert created.json()["status"] == "submitted"
    second = api.post(
        f"/surveys/{survey.pk}/responses",
        {"answers": {str(q["name"].pk): "Борис", str(q["help"].pk): [opt(q["help"], "Знания")]}},
    )
    assert second.status_code == 201
    assert api.get(f"/surveys/{survey.pk}/results").status_code == 401
    body = api.get(f"/surveys/{survey.pk}/results", token=token_for(coordinator)).json()
    assert body["responses"] == 2
    by_id = {item["id"]: item for item in body["questions"]}
    help_counts = {c["title"]: c["count"] for c in by_id[q["help"].pk]["counts"]}
    assert help_counts == {"Знания": 2, "Время": 1, "Деньги": 0, "Другое": 0}
    assert by_id[q["help"].pk]["answered"] == 2
    scale = {c["title"]: c["count"] for c in by_id[q["scale"].pk]["counts"]}
    assert scale == {"1": 0, "2": 0, "3": 0, "4": 0, "5": 1}
    matrix = by_id[q["matrix"].pk]["counts"]
    assert matrix[0]["title"] == "Культура"
    assert [c["count"] for c in matrix[0]["counts"]] == [1, 0]


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("missing", "Это обязательный вопрос."),
        ("bounds", "Число должно быть не больше 100."),
        ("not_offered", "Такого варианта нет среди предложенных."),
        ("too_many", "Можно выбрать не больше 2 вариантов."),
    ],
)
def test_invalid_responses_are_refused_with_question_and_message(full, api, case, message):
    survey, q, time_option = full
    answers = {str(q["name"].pk): "Анна", str(q["help"].pk): [opt(q["help"], "Знания")]}
    target = q["help"]
    if case == "missing":
        answers.pop(str(q["name"].pk))
        target = q["name"]
    elif case == "bounds":
        answers[str(q["help"].pk)] = [time_option.pk]
        answers[str(q["hours"].pk)] = 500
        target = q["hours"]
    elif case == "not_offered":
        answers[str(q["help"].pk)] = [opt(q["city"], "Москва")]
    else:
        answers[str(q["help"].pk)] = [opt(q["help"], "Знания"), time_option.pk, "Связи"]
    response = api.post(f"/surveys/{survey.pk}/responses", {"answers": answers})
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "loc": ["body", "answers", str(target.pk)],
            "field": str(target.pk),
            "question": target.pk,
            "msg": message,
        }
    ]
    assert Response.objects.count() == 0
    assert Answer.objects.count() == 0


def test_unknown_question_is_refused(full, api):
    survey, _q, _t = full
    response = api.post(f"/surveys/{survey.pk}/responses", {"answers": {"999999": "x"}})
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "Такого вопроса нет в анкете."
    assert Response.objects.count() == 0


def test_personal_survey_needs_the_personal_token(db, api, coordinator):
    survey = make_survey("Личная", mode=SurveyMode.PERSONAL)
    question = make_question(survey, title="Имя")
    response = api.post(f"/surveys/{survey.pk}/responses", {"answers": {str(question.pk): "Я"}})
    assert response.status_code == 403
    assert Response.objects.count() == 0


def test_personal_token_answers_once_and_changes_answer(db, api, coordinator, smtp,
                                                         django_capture_on_commit_callbacks):  # fmt: skip
    import re

    from zemlyaki.people.services import person_create

    tambov = make_association()
    person = person_create(
        actor=None, data={"last_name": "Иванова", "first_name": "Анна", "email": "a@example.org"}
    )
    survey = make_survey("Личная", mode=SurveyMode.PERSONAL)
    question = make_question(survey, title="Имя")
    with django_capture_on_commit_callbacks(execute=True):
        invitations_send(
            actor=coordinator, survey=survey, persons=[person], association=tambov,
            base_url="http://testserver/",
        )  # fmt: skip
    token = re.search(r"/q/([A-Za-z0-9_\-]+)", smtp[0].get_content()).group(1)
    url = f"/surveys/{survey.pk}/responses"
    assert (
        api.post(url, {"answers": {str(question.pk): "Первый"}, "token": token}).status_code == 201
    )
    assert (
        api.post(url, {"answers": {str(question.pk): "Второй"}, "token": token}).status_code == 201
    )
    assert Response.objects.count() == 1
    assert list(Answer.objects.values_list("value", flat=True)) == ["Второй"]


def test_a_draft_takes_no_answers(db, api, member, coordinator, token_for):
    """Hidden from whoever does not manage it (404); its manager, who sees it, is told
    why (422). Neither stores anything."""
    draft = make_survey("Черновик", published=False)
    question = make_question(draft, title="Имя")
    payload = {"answers": {str(question.pk): "Анна"}, "consent": True}
    path = f"/surveys/{draft.pk}/responses"
    assert api.post(path, payload).status_code == 404
    assert api.post(path, payload, token=token_for(member)).status_code == 404
    response = api.post(path, payload, token=token_for(coordinator))
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == (
        "Анкета ещё не опубликована: ответы не принимаются."
    )
    assert Response.objects.count() == 0


def test_results_refused_to_a_member(full, api, member, token_for):
    survey, _q, _t = full
    response = api.get(f"/surveys/{survey.pk}/results", token=token_for(member))
    assert response.status_code == 403


def test_anonymous_answers_are_rate_limited_per_address(full, api, settings):
    survey, q, _t = full
    settings.ZEMLYAKI_SURVEY_ANON_PER_HOUR = 2
    answers = {str(q["name"].pk): "Анна", str(q["help"].pk): [opt(q["help"], "Знания")]}
    codes = [
        api.post(f"/surveys/{survey.pk}/responses", {"answers": answers}).status_code
        for _ in range(3)
    ]
    assert codes == [201, 201, 429]
    assert Response.objects.count() == 2


def test_anonymous_answer_with_a_name_needs_consent(api, db):
    from zemlyaki.people.models import Consent
    from zemlyaki.surveys.models import ProfileField

    survey = make_survey("Анкета земляка")
    name = make_question(survey, title="Фамилия", profile_field=ProfileField.LAST_NAME)
    url = f"/surveys/{survey.pk}/responses"
    refused = api.post(url, {"answers": {str(name.pk): "Иванова"}})
    assert refused.status_code == 422
    assert refused.json()["detail"] == [
        {
            "loc": ["body", "consent"],
            "field": "consent",
            "msg": "Без согласия на обработку персональных данных форму отправить нельзя.",
        }
    ]
    assert (Response.objects.count(), Answer.objects.count(), Consent.objects.count()) == (0, 0, 0)
    created = api.post(url, {"answers": {str(name.pk): "Иванова"}, "consent": True})
    assert created.status_code == 201
    consent = Consent.objects.get()
    assert (consent.source, consent.text_version, consent.purpose) == (
        f"surveys.response:{created.json()['id']}",
        "2026-12",
        "Ответ на анкету «Анкета земляка»",
    )


def test_anonymous_answer_without_a_name_needs_no_consent(api, db):
    from zemlyaki.people.models import Consent

    survey = make_survey("Анкета без имени")
    question = make_question(survey, title="Чем готовы помочь?")
    created = api.post(f"/surveys/{survey.pk}/responses", {"answers": {str(question.pk): "Всем"}})
    assert created.status_code == 201
    assert Consent.objects.count() == 0
