import pytest
from django.core.exceptions import ValidationError

from tests.registry.factories import make_association
from zemlyaki.core.models import AuditEntry
from zemlyaki.people.models import Competency, Person
from zemlyaki.people.selectors import person_search
from zemlyaki.surveys.models import (
    ChangeStatus,
    Option,
    ProfileChange,
    Question,
    QuestionType,
    Response,
    ResponseStatus,
    Survey,
)
from zemlyaki.surveys.services import (
    profile_change_accept,
    profile_change_reject,
    question_delete,
    question_move,
    question_update,
    response_save_page,
    response_start,
    response_submit,
    response_submit_all,
    survey_duplicate,
)
from zemlyaki.surveys.template import survey_create_from_template

from .factories import make_full_survey, make_question, make_survey


@pytest.fixture
def full(db):
    return make_full_survey()


def opt(question, title):
    return question.options.get(title=title).pk


def answer_full(survey, q, time_option, **extra):
    raw = {q["name"].pk: "Анна", q["help"].pk: [time_option.pk], q["hours"].pk: 10, **extra}
    return response_submit_all(survey=survey, raw=raw)


def test_type_change_refused_once_answered(full, coordinator):
    survey, q, time_option = full
    answer_full(survey, q, time_option)
    with pytest.raises(ValidationError) as caught:
        question_update(actor=coordinator, question=q["name"], type=QuestionType.NUMBER)
    assert "тип вопроса изменить нельзя" in caught.value.message_dict["type"][0]
    assert Question.objects.get(pk=q["name"].pk).type == QuestionType.SHORT_TEXT


def test_option_removal_refused_once_answered_but_rename_allowed(full, coordinator):
    survey, q, time_option = full
    answer_full(survey, q, time_option)
    with pytest.raises(ValidationError) as caught:
        question_update(actor=coordinator, question=q["help"], options=["Знания", "Время"])
    message = caught.value.message_dict["options"][0]
    assert "удалить варианты «Деньги» нельзя" in message
    assert list(q["help"].options.values_list("title", flat=True)) == ["Знания", "Время", "Деньги"]
    question_update(
        actor=coordinator, question=q["help"], options=["Знания и опыт", "Время", "Деньги", "Связи"]
    )
    assert list(q["help"].options.order_by("position").values_list("title", flat=True)) == [
        "Знания и опыт", "Время", "Деньги", "Связи",
    ]  # fmt: skip
    assert q["help"].options.get(title="Время").pk == time_option.pk


def test_question_with_answers_cannot_be_deleted(full, coordinator):
    survey, q, time_option = full
    answer_full(survey, q, time_option)
    with pytest.raises(ValidationError):
        question_delete(actor=coordinator, question=q["name"])
    assert Question.objects.filter(pk=q["name"].pk).exists()


def test_unanswered_question_can_change_type_and_options(full, coordinator):
    _survey, q, _time = full
    question_update(
        actor=coordinator, question=q["city"], type=QuestionType.MULTIPLE, options=["Москва"]
    )
    q["city"].refresh_from_db()
    assert q["city"].type == QuestionType.MULTIPLE
    assert list(q["city"].options.values_list("title", flat=True)) == ["Москва"]


def test_move_reorders_within_page_and_keeps_conditions(full, coordinator):
    survey, q, _time = full
    question_move(actor=coordinator, question=q["about"], direction="up")
    order = list(
        survey.questions.filter(page=1).order_by("position").values_list("title", flat=True)
    )
    assert order == ["Расскажите о себе", "Как вас зовут?", "Чем готовы помочь?", "Часов в месяц"]
    with pytest.raises(ValidationError) as caught:
        question_move(actor=coordinator, question=q["hours"], direction="up")
    assert "должен стоять после него" in caught.value.messages[0]
    order_after = list(
        survey.questions.filter(page=1).order_by("position").values_list("title", flat=True)
    )
    assert order_after == order


def test_duplicate_copies_questions_options_and_conditions(full, coordinator):
    survey, q, time_option = full
    answer_full(survey, q, time_option)
    copy = survey_duplicate(actor=coordinator, survey=survey)
    assert copy.title == "Анкета земляка (копия)"
    assert copy.is_published is False
    assert copy.responses.count() == 0
    titles = list(copy.questions.order_by("page", "position").values_list("title", flat=True))
    assert titles == list(
        survey.questions.order_by("page", "position").values_list("title", flat=True)
    )
    hours = copy.questions.get(title="Часов в месяц")
    new_time = Option.objects.get(question__survey=copy, title="Время")
    assert hours.condition_question == copy.questions.get(title="Чем готовы помочь?")
    assert hours.condition_value == str(new_time.pk)
    assert Option.objects.filter(question__survey=copy).count() == 3 + 2 + 4


def test_page_by_page_saving_and_submit(full):
    survey, q, time_option = full
    response, key = response_start(survey=survey, ip="10.0.0.1")
    response_save_page(
        response=response,
        page=1,
        raw={q["name"].pk: "Анна", q["help"].pk: [str(time_option.pk)], q["hours"].pk: "8"},
    )
    assert Response.objects.get().status == ResponseStatus.IN_PROGRESS
    assert dict(response.answers.values_list("question__title", "value")) == {
        "Как вас зовут?": "Анна",
        "Чем готовы помочь?": [time_option.pk],
        "Часов в месяц": 8,
    }
    # The respondent changes their mind: no time, so the hours answer goes away.
    response_save_page(
        response=response,
        page=1,
        raw={
            q["name"].pk: "Анна",
            q["help"].pk: [str(opt(q["help"], "Деньги"))],
            q["hours"].pk: "8",
        },
    )
    assert set(response.answers.values_list("question__title", flat=True)) == {
        "Как вас зовут?",
        "Чем готовы помочь?",
    }
    response_submit(response=response)
    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED
    assert response.submitted_at is not None
    assert len(key) > 20 and key not in response.key_hash


def test_page_errors_store_nothing_of_that_page(full):
    survey, q, _time = full
    response, _key = response_start(survey=survey)
    with pytest.raises(ValidationError) as caught:
        response_save_page(response=response, page=1, raw={q["name"].pk: "", q["help"].pk: []})
    assert set(caught.value.message_dict) == {str(q["name"].pk), str(q["help"].pk)}
    assert response.answers.count() == 0


def test_closed_survey_refuses_answers(db):
    import datetime

    from django.utils import timezone

    survey = make_survey(closes_on=timezone.localdate() - datetime.timedelta(days=1),
                         opens_on=timezone.localdate() - datetime.timedelta(days=10))  # fmt: skip
    question = make_question(survey, title="Имя")
    with pytest.raises(ValidationError) as caught:
        response_submit_all(survey=survey, raw={question.pk: "Анна"})
    assert caught.value.messages == ["Анкета закрыта: ответы не принимаются."]
    assert Response.objects.count() == 0


@pytest.fixture
def activist(db, coordinator):
    tambov = make_association("Тамбовское землячество", ["68"])
    survey = survey_create_from_template(actor=coordinator, is_published=True)
    return survey, tambov


def template_answers(survey, **overrides):
    by_title = {q.title: q for q in survey.questions.prefetch_related("options")}

    def option(title, text):
        return by_title[title].options.get(title=text).pk

    law = Competency.objects.filter(is_approved=True, parent__isnull=False).order_by("name").first()
    raw = {
        by_title["Фамилия"].pk: "Тамбовцева",
        by_title["Имя"].pk: "Ольга",
        by_title["Отчество"].pk: "Петровна",
        by_title["Дата рождения"].pk: "1975-03-08",
        by_title["Электронная почта"].pk: "olga@example.org",
        by_title["Ваше землячество"].pk: option("Ваше землячество", "Тамбовское землячество"),
        by_title["Малая родина (субъект Российской Федерации)"].pk: option(
            "Малая родина (субъект Российской Федерации)", "Тамбовская область"
        ),
        by_title["Профессия, должность"].pk: "юрист",
        by_title["Профессиональные компетенции"].pk: [law.pk],
        by_title["Чем вы готовы помочь землячеству?"].pk: [
            option("Чем вы готовы помочь землячеству?", "Время")
        ],
        by_title["Сколько часов в месяц вы готовы уделять?"].pk: 6,
        by_title["Согласны ли вы, чтобы вас показывали в поиске экспертов землячеств?"].pk: option(
            "Согласны ли вы, чтобы вас показывали в поиске экспертов землячеств?", "Да"
        ),
        by_title["Согласие на обработку персональных данных"].pk: option(
            "Согласие на обработку персональных данных", "Согласен (согласна)"
        ),
    }
    raw.update({by_title[t].pk: v for t, v in overrides.items()})
    return raw, law


def test_template_has_the_activist_questions(activist):
    survey, _tambov = activist
    assert survey.title == "Анкета активиста землячества"
    assert survey.page_titles == [
        "Контакты", "Землячество и малая родина", "Профессия и компетенции",
        "Чем вы готовы помочь", "Согласия",
    ]  # fmt: skip
    hours = survey.questions.get(title="Сколько часов в месяц вы готовы уделять?")
    assert hours.condition_question.title == "Чем вы готовы помочь землячеству?"
    assert hours.condition_op == "contains"
    assert set(survey.questions.values_list("type", flat=True)) >= {
        "short_text", "date", "single", "multiple", "number", "scale", "long_text",
        "competencies", "interests",
    }  # fmt: skip


def test_consenting_answer_is_proposed_then_applied_on_accept(activist, coordinator):
    survey, tambov = activist
    raw, law = template_answers(survey)
    response = response_submit_all(survey=survey, raw=raw)
    assert response.association == tambov
    assert response.home_region.code == "68"
    change = ProfileChange.objects.get()
    assert change.status == ChangeStatus.PENDING
    assert change.association == tambov
    assert change.data["last_name"] == "Тамбовцева"
    assert change.data["competencies"] == [law.pk]
    assert change.data["show_as_expert"] is True
    assert Person.objects.count() == 0  # nothing applied blindly

    person = profile_change_accept(actor=coordinator, change=change)
    person.refresh_from_db()
    assert (person.last_name, person.first_name, person.patronymic) == (
        "Тамбовцева", "Ольга", "Петровна",
    )  # fmt: skip
    assert person.email == "olga@example.org"
    assert person.home_region.code == "68"
    assert person.occupation == "юрист"
    assert person.show_as_expert is True
    assert list(person.competencies.all()) == [law]
    assert list(person.memberships.values_list("association__name", flat=True)) == [
        "Тамбовское землячество"
    ]
    assert person.consents.get().form == "questionnaire"
    change.refresh_from_db()
    assert change.status == ChangeStatus.ACCEPTED
    assert change.decided_by == coordinator
    response.refresh_from_db()
    assert response.person == person
    found, _terms = person_search(user=coordinator, q=law.name, expert=True)
    assert list(found) == [person]
    assert (
        AuditEntry.objects.filter(object_type="surveys.profilechange", action="update").count() == 1
    )


def test_accept_matches_an_existing_person(activist, coordinator):
    from zemlyaki.people.services import person_create

    survey, _tambov = activist
    existing = person_create(
        actor=coordinator,
        data={"last_name": "Тамбовцева", "first_name": "Ольга", "email": "olga@example.org"},
    )
    raw, _law = template_answers(survey)
    response_submit_all(survey=survey, raw=raw)
    person = profile_change_accept(actor=coordinator, change=ProfileChange.objects.get())
    assert person.pk == existing.pk
    assert Person.objects.count() == 1
    person.refresh_from_db()
    assert person.occupation == "юрист"


def test_without_consent_no_profile_change(activist):
    survey, _tambov = activist
    raw, _law = template_answers(
        survey,
        **{
            "Согласие на обработку персональных данных": survey.questions.get(
                title="Согласие на обработку персональных данных"
            )
            .options.get(title="Не согласен (не согласна)")
            .pk
        },
    )
    response_submit_all(survey=survey, raw=raw)
    assert ProfileChange.objects.count() == 0


def test_rejected_change_is_not_applied_and_cannot_be_accepted(activist, coordinator):
    survey, _tambov = activist
    raw, _law = template_answers(survey)
    response_submit_all(survey=survey, raw=raw)
    change = ProfileChange.objects.get()
    profile_change_reject(actor=coordinator, change=change, note="Дубль")
    with pytest.raises(ValidationError):
        profile_change_accept(actor=coordinator, change=change)
    assert Person.objects.count() == 0
    change.refresh_from_db()
    assert (change.status, change.note) == (ChangeStatus.REJECTED, "Дубль")


def test_survey_delete_refused_with_answers(full, coordinator):
    from zemlyaki.surveys.services import survey_delete

    survey, q, time_option = full
    answer_full(survey, q, time_option)
    with pytest.raises(ValidationError):
        survey_delete(actor=coordinator, survey=survey)
    assert Survey.objects.filter(pk=survey.pk).exists()
