import pytest
from django.test import Client

from tests.registry.factories import make_association
from zemlyaki.surveys.models import (
    ChangeStatus,
    ProfileChange,
    Question,
    Response,
    ResponseStatus,
    Survey,
)
from zemlyaki.surveys.services import response_submit_all
from zemlyaki.surveys.template import survey_create_from_template

from .factories import make_full_survey, make_survey


def opt(question, title):
    return question.options.get(title=title).pk


@pytest.fixture
def full(db):
    return make_full_survey()


# ---------------------------------------------------------------- permissions


@pytest.mark.parametrize(
    ("role", "expected"),
    [("coordinator", 200), ("leader", 404), ("member", 404), ("administrator", 404)],
)
def test_builder_pages_by_role(full, client, request, role, expected):
    survey, q, _t = full
    client.force_login(request.getfixturevalue(role))
    for url in (
        f"/surveys/{survey.pk}/",
        f"/surveys/{survey.pk}/edit/",
        f"/surveys/{survey.pk}/questions/new/",
        f"/surveys/{survey.pk}/questions/{q['name'].pk}/",
        f"/surveys/{survey.pk}/results/",
    ):
        assert client.get(url).status_code == expected, url


def test_guest_is_sent_to_login(full, client):
    survey, _q, _t = full
    response = client.get(f"/surveys/{survey.pk}/results/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_leader_manages_surveys_of_own_association(db, client, leader):
    tambov = make_association("Тамбовское землячество", ["68"])
    ryazan = make_association("Рязанское землячество", ["62"])
    tambov.leaders.add(leader)
    own = make_survey("Своя", association=tambov)
    other = make_survey("Чужая", association=ryazan)
    client.force_login(leader)
    assert client.get(f"/surveys/{own.pk}/").status_code == 200
    assert client.get(f"/surveys/{other.pk}/").status_code == 404
    listing = client.get("/surveys/")
    assert [s.title for s in listing.context["page"]] == ["Своя"]
    # A leader cannot create a questionnaire for another association.
    refused = client.post(
        "/surveys/new/", {"title": "Захват", "mode": "anonymous", "association": ryazan.pk}
    )
    assert refused.status_code == 200
    assert "association" in refused.context["form"].errors
    assert not Survey.objects.filter(title="Захват").exists()


def test_member_cannot_edit_a_question(full, client, member):
    survey, q, _t = full
    client.force_login(member)
    response = client.post(
        f"/surveys/{survey.pk}/questions/{q['name'].pk}/",
        {"page": 1, "type": "short_text", "title": "Взлом"},
    )
    assert response.status_code == 404
    assert Question.objects.get(pk=q["name"].pk).title == "Как вас зовут?"


def test_profile_changes_only_for_coordinators(db, client, leader, member):
    for user in (leader, member):
        client.force_login(user)
        assert client.get("/surveys/changes/").status_code == 403


# ---------------------------------------------------------------- builder


def test_create_from_template_and_edit_question(db, client, coordinator):
    make_association("Тамбовское землячество", ["68"])
    client.force_login(coordinator)
    response = client.post("/surveys/new/template/", {"mode": "anonymous", "association": ""})
    survey = Survey.objects.get()
    assert response["Location"] == f"/surveys/{survey.pk}/"
    page = client.get(f"/surveys/{survey.pk}/")
    assert "Анкета активиста землячества" in page.text
    assert "Страница 4: Чем вы готовы помочь" in page.text
    question = survey.questions.get(title="Отчество")
    edit = client.post(
        f"/surveys/{survey.pk}/questions/{question.pk}/",
        {
            "page": 1,
            "type": "short_text",
            "title": "Отчество (если есть)",
            "profile_field": "patronymic",
        },
    )
    assert edit.status_code == 302
    question.refresh_from_db()
    assert question.title == "Отчество (если есть)"


def test_question_type_change_refused_with_explanation_on_the_page(full, client, coordinator):
    survey, q, time_option = full
    response_submit_all(
        survey=survey, raw={q["name"].pk: "Анна", q["help"].pk: [opt(q["help"], "Знания")]}
    )
    client.force_login(coordinator)
    response = client.post(
        f"/surveys/{survey.pk}/questions/{q['name'].pk}/",
        {"page": 1, "type": "number", "title": "Как вас зовут?"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["type"] == [
        "На вопрос уже ответили: тип вопроса изменить нельзя — ответы потеряли бы смысл. "
        "Создайте новый вопрос."
    ]
    assert Question.objects.get(pk=q["name"].pk).type == "short_text"


def test_move_and_duplicate(full, client, coordinator):
    survey, q, _t = full
    client.force_login(coordinator)
    client.post(f"/surveys/{survey.pk}/questions/{q['about'].pk}/move/", {"direction": "up"})
    first = survey.questions.filter(page=1).order_by("position").first()
    assert first.pk == q["about"].pk
    response = client.post(f"/surveys/{survey.pk}/duplicate/")
    copy = Survey.objects.exclude(pk=survey.pk).get()
    assert response["Location"] == f"/surveys/{copy.pk}/"
    assert copy.questions.count() == survey.questions.count()


# ---------------------------------------------------------------- answering


def test_anonymous_answering_page_by_page(full, client):
    survey, q, time_option = full
    url = f"/s/{survey.slug}/"
    first = client.get(url)
    assert first.status_code == 200
    assert "Страница 1 из 2" in first.text
    # Invalid first page: the error stands next to the question and nothing is stored.
    bad = client.post(url, {"page": 1, f"q{q['name'].pk}": "", f"q{q['help'].pk}": ["other"]})
    assert bad.status_code == 422
    assert f'id="q{q["name"].pk}-error"' in bad.text
    assert "Это обязательный вопрос." in bad.text
    assert Response.objects.count() == 0
    ok = client.post(
        url,
        {
            "page": 1,
            "action": "next",
            f"q{q['name'].pk}": "Анна",
            f"q{q['help'].pk}": [str(time_option.pk)],
            f"q{q['hours'].pk}": "5",
        },
    )
    assert ok.status_code == 302
    assert ok["Location"] == f"{url}?page=2"
    response = Response.objects.get()
    assert response.status == ResponseStatus.IN_PROGRESS
    assert response.answers.count() == 3
    # A closed tab loses nothing: a return to page 1 shows the saved answers.
    again = client.get(f"{url}?page=1")
    assert 'value="Анна"' in again.text
    done = client.post(
        url, {"page": 2, "action": "next", f"q{q['city'].pk}": str(opt(q["city"], "Область"))}
    )
    assert done["Location"] == f"{url}?done=1"
    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED
    assert "Спасибо! Ваши ответы сохранены." in client.get(f"{url}?done=1").text


def test_one_response_per_browser(full, client):
    survey, q, _t = full
    url = f"/s/{survey.slug}/"
    data = {"page": 1, "action": "next", f"q{q['name'].pk}": "Анна",
            f"q{q['help'].pk}": [str(opt(q["help"], "Знания"))]}  # fmt: skip
    client.post(url, data)
    client.post(url, {"page": 2, "action": "next"})
    # The same browser changes its answer rather than adding a new one.
    client.post(url, {**data, f"q{q['name'].pk}": "Анна Петровна"})
    assert Response.objects.count() == 1
    answer = Response.objects.get().answers.get(question=q["name"])
    assert answer.value == "Анна Петровна"
    # Another browser is another respondent.
    Client().post(url, data)
    assert Response.objects.count() == 2


def test_hidden_question_on_the_page_is_ignored_by_the_server(full, client):
    survey, q, _t = full
    url = f"/s/{survey.slug}/"
    response = client.post(
        url,
        {
            "page": 1,
            "action": "next",
            f"q{q['name'].pk}": "Анна",
            f"q{q['help'].pk}": [str(opt(q["help"], "Деньги"))],
            f"q{q['hours'].pk}": "100500",
        },
    )
    assert response.status_code == 302
    saved = Response.objects.get()
    assert not saved.answers.filter(question=q["hours"]).exists()


def test_rate_limit_per_address(full, client, settings):
    survey, q, _t = full
    settings.ZEMLYAKI_SURVEY_ANON_PER_HOUR = 1
    data = {"page": 1, "action": "next", f"q{q['name'].pk}": "Анна",
            f"q{q['help'].pk}": [str(opt(q["help"], "Знания"))]}  # fmt: skip
    assert Client().post(f"/s/{survey.slug}/", data).status_code == 302
    limited = Client().post(f"/s/{survey.slug}/", data)
    assert limited.status_code == 429
    assert "слишком много анкет" in limited.text
    assert Response.objects.count() == 1


def test_closed_and_unpublished_surveys(db, client):
    import datetime

    from django.utils import timezone

    past = timezone.localdate() - datetime.timedelta(days=2)
    closed = make_survey("Закрытая", opens_on=past, closes_on=past)
    draft = make_survey("Черновик", published=False)
    response = client.get(f"/s/{closed.slug}/")
    assert response.status_code == 410
    assert "Анкета закрыта" in response.text
    assert client.get(f"/s/{draft.slug}/").status_code == 404


# ---------------------------------------------------------------- results and review


def test_results_page_with_charts_and_filters(db, client, coordinator):
    tambov = make_association("Тамбовское землячество", ["68"])
    ryazan = make_association("Рязанское землячество", ["62"])
    survey = survey_create_from_template(actor=coordinator, is_published=True)
    by_title = {q.title: q for q in survey.questions.all()}
    assoc_q = by_title["Ваше землячество"]
    region_q = by_title["Малая родина (субъект Российской Федерации)"]
    help_q = by_title["Чем вы готовы помочь землячеству?"]
    consent_q = by_title["Согласие на обработку персональных данных"]
    expert_q = by_title["Согласны ли вы, чтобы вас показывали в поиске экспертов землячеств?"]
    for name, email, association, region, text in [
        ("Анна", "anna@example.org", tambov, "Тамбовская область", "Открыть клуб юристов"),
        ("Борис", "boris@example.org", ryazan, "Рязанская область", "Больше встреч"),
    ]:
        response_submit_all(
            survey=survey,
            raw={
                by_title["Фамилия"].pk: "Иванова",
                by_title["Имя"].pk: name,
                by_title["Электронная почта"].pk: email,
                assoc_q.pk: assoc_q.options.get(title=str(association)).pk,
                region_q.pk: region_q.options.get(title=region).pk,
                help_q.pk: [help_q.options.get(title="Деньги").pk],
                by_title["Ваши предложения рабочей группе"].pk: text,
                expert_q.pk: expert_q.options.get(title="Нет").pk,
                consent_q.pk: consent_q.options.get(title="Не согласен (не согласна)").pk,
            },
        )
    client.force_login(coordinator)
    page = client.get(f"/surveys/{survey.pk}/results/")
    assert page.status_code == 200
    assert page.context["total"] == 2
    assert "<svg" in page.text and "chart-bars" in page.text and "chart-histogram" in page.text
    assert "http://" not in page.text.split("<svg", 1)[1].split("</svg>")[0].replace(
        "http://www.w3.org/2000/svg", ""
    )
    filtered = client.get(f"/surveys/{survey.pk}/results/", {"association": tambov.pk})
    assert filtered.context["total"] == 1
    by_region = client.get(f"/surveys/{survey.pk}/results/", {"region": ryazan.regions.get().pk})
    assert by_region.context["total"] == 1
    search = client.get(f"/surveys/{survey.pk}/results/", {"q": "юристы"})
    texts = [
        r.texts for r, _c in search.context["results"]
        if r.question.title == "Ваши предложения рабочей группе"
    ][0]  # fmt: skip
    assert texts == ["Открыть клуб юристов"]


def test_results_page_query_count_does_not_grow(
    full, client, coordinator, django_assert_max_num_queries
):
    survey, q, _t = full
    client.force_login(coordinator)
    for name in ["Анна", "Борис", "Вера", "Глеб"]:
        response_submit_all(
            survey=survey, raw={q["name"].pk: name, q["help"].pk: [opt(q["help"], "Знания")]}
        )
    with django_assert_max_num_queries(25):
        assert client.get(f"/surveys/{survey.pk}/results/").status_code == 200


def test_coordinator_accepts_change_on_the_page(db, client, coordinator):
    survey = survey_create_from_template(actor=coordinator, is_published=True)
    by_title = {q.title: q for q in survey.questions.all()}
    consent_q = by_title["Согласие на обработку персональных данных"]
    response_submit_all(
        survey=survey,
        raw={
            by_title["Фамилия"].pk: "Орлова",
            by_title["Имя"].pk: "Мария",
            by_title["Электронная почта"].pk: "maria@example.org",
            by_title["Малая родина (субъект Российской Федерации)"].pk: by_title[
                "Малая родина (субъект Российской Федерации)"
            ]
            .options.get(title="Тульская область")
            .pk,
            by_title["Чем вы готовы помочь землячеству?"].pk: [
                by_title["Чем вы готовы помочь землячеству?"]
                .options.get(title="Контакты и связи")
                .pk
            ],
            by_title[
                "Согласны ли вы, чтобы вас показывали в поиске экспертов землячеств?"
            ].pk: by_title["Согласны ли вы, чтобы вас показывали в поиске экспертов землячеств?"]
            .options.get(title="Да")
            .pk,
            consent_q.pk: consent_q.options.get(title="Согласен (согласна)").pk,
        },
    )
    change = ProfileChange.objects.get()
    client.force_login(coordinator)
    listing = client.get("/surveys/changes/")
    assert [c.pk for c in listing.context["page"]] == [change.pk]
    detail = client.get(f"/surveys/changes/{change.pk}/")
    assert "Совпадений нет: будет создан новый участник." in detail.text
    assert "Тульская область" in detail.text
    client.post(f"/surveys/changes/{change.pk}/decide/", {"decision": "accept", "on_match": "fill"})
    change.refresh_from_db()
    assert change.status == ChangeStatus.ACCEPTED
    assert change.person.last_name == "Орлова"
    assert change.person.home_region.name == "Тульская область"


def test_large_ids_are_not_localised_in_the_form(db, client):
    """With thousand separators on, an id of 12345 must still be sent as «12345»."""
    from zemlyaki.surveys.models import Option, QuestionType

    from .factories import make_question

    survey = make_survey()
    question = make_question(survey, QuestionType.SINGLE, "Регион", options=["Первый"])
    big = Option.objects.create(pk=12345, question=question, title="Дальний", position=1)
    page = client.get(f"/s/{survey.slug}/")
    assert 'value="12345"' in page.text
    response = client.post(
        f"/s/{survey.slug}/", {"page": 1, "action": "next", f"q{question.pk}": "12345"}
    )
    assert response.status_code == 302
    assert Response.objects.get().answers.get().value == big.pk


def test_survey_list_query_count_does_not_grow(db, client, coordinator, django_assert_num_queries):
    association = make_association()
    client.force_login(coordinator)
    make_survey("Первая", association=association)
    client.get("/surveys/")  # warm caches (content types, session)
    with django_assert_num_queries(6) as first:
        client.get("/surveys/")
    for n in range(5):
        make_survey(f"Анкета {n}", association=association)
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get("/surveys/")
    assert len(response.context["page"]) == 6
