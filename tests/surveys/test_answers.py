"""What an answer may be: the same rules serve the page, the API and the services."""

import pytest
from django.core.exceptions import ValidationError

from zemlyaki.surveys.answers import condition_holds, validate_answers
from zemlyaki.surveys.models import Answer, Response
from zemlyaki.surveys.services import contexts_for, response_submit_all

from .factories import make_full_survey


@pytest.fixture
def full(db):
    return make_full_survey()


def opt(question, title):
    return question.options.get(title=title).pk


def errors_of(survey, raw):
    with pytest.raises(ValidationError) as caught:
        validate_answers(contexts_for(survey), raw)
    return caught.value.message_dict


def test_valid_answers_are_normalised(full):
    survey, q, time_option = full
    rows = {o.title: o.pk for o in q["matrix"].options.filter(is_row=True)}
    cleaned = validate_answers(
        contexts_for(survey),
        {
            q["name"].pk: "  Анна ",
            q["help"].pk: [str(time_option.pk), "Помещение для встреч"],
            q["hours"].pk: "12,5",
            q["city"].pk: opt(q["city"], "Москва"),
            q["scale"].pk: 4,
            q["born"].pk: "01.02.1980",
            q["matrix"].pk: {str(rows["Спорт"]): opt(q["matrix"], "Важно")},
        },
    )
    assert cleaned[q["name"].pk] == ("Анна", "")
    assert cleaned[q["help"].pk] == (
        [time_option.pk, "Помещение для встреч"],
        "Помещение для встреч",
    )
    assert cleaned[q["hours"].pk] == (12.5, "")
    assert cleaned[q["scale"].pk] == (4, "")
    assert cleaned[q["born"].pk] == ("1980-02-01", "")
    assert cleaned[q["matrix"].pk] == ({str(rows["Спорт"]): opt(q["matrix"], "Важно")}, "")
    assert cleaned[q["about"].pk] == (None, "")


def test_missing_required_answer(full):
    survey, q, _time = full
    errors = errors_of(survey, {q["help"].pk: [opt(q["help"], "Знания")]})
    assert errors == {str(q["name"].pk): ["Это обязательный вопрос."]}


def test_number_out_of_bounds(full):
    survey, q, time_option = full
    base = {q["name"].pk: "Анна", q["help"].pk: [time_option.pk]}
    assert errors_of(survey, {**base, q["hours"].pk: 101}) == {
        str(q["hours"].pk): ["Число должно быть не больше 100."]
    }
    assert errors_of(survey, {**base, q["hours"].pk: "0"}) == {
        str(q["hours"].pk): ["Число должно быть не меньше 1."]
    }
    assert errors_of(survey, {**base, q["hours"].pk: "много"}) == {
        str(q["hours"].pk): ["Введите число."]
    }


def test_option_not_offered_and_too_many_choices(full):
    survey, q, _time = full
    other_question_option = opt(q["city"], "Москва")
    base = {q["name"].pk: "Анна"}
    assert errors_of(survey, {**base, q["help"].pk: [other_question_option]}) == {
        str(q["help"].pk): ["Такого варианта нет среди предложенных."]
    }
    three = [opt(q["help"], "Знания"), opt(q["help"], "Деньги"), "Связи"]
    assert errors_of(survey, {**base, q["help"].pk: three}) == {
        str(q["help"].pk): ["Можно выбрать не больше 2 вариантов."]
    }
    assert errors_of(
        survey, {**base, q["help"].pk: [opt(q["help"], "Знания")], q["city"].pk: "Тверь"}
    ) == {str(q["city"].pk): ["Такого варианта нет среди предложенных."]}


def test_scale_and_matrix_refuse_values_outside(full):
    survey, q, _time = full
    base = {q["name"].pk: "Анна", q["help"].pk: [opt(q["help"], "Знания")]}
    assert errors_of(survey, {**base, q["scale"].pk: 6}) == {
        str(q["scale"].pk): ["Выберите значение от 1 до 5."]
    }
    assert errors_of(survey, {**base, q["matrix"].pk: {"999999": opt(q["matrix"], "Важно")}}) == {
        str(q["matrix"].pk): ["Такой строки нет в вопросе."]
    }


def test_hidden_question_is_ignored(full):
    """Hours are asked only of those who offer time: otherwise even a wrong value is dropped."""
    survey, q, time_option = full
    cleaned = validate_answers(
        contexts_for(survey),
        {q["name"].pk: "Анна", q["help"].pk: [opt(q["help"], "Знания")], q["hours"].pk: 9999},
    )
    assert q["hours"].pk not in cleaned
    errors = errors_of(survey, {q["name"].pk: "Анна", q["help"].pk: [time_option.pk]})
    assert errors == {str(q["hours"].pk): ["Это обязательный вопрос."]}


def test_condition_value_given_as_title_is_stored_as_option_id(full):
    _survey, q, time_option = full
    assert q["hours"].condition_value == str(time_option.pk)


@pytest.mark.parametrize(
    ("op", "target", "value", "expected"),
    [
        ("eq", "5", 5, True),
        ("eq", "5", [5], True),
        ("eq", "5", [5, 6], False),
        ("neq", "5", [5, 6], True),
        ("neq", "5", None, True),
        ("contains", "6", [5, 6], True),
        ("contains", "ёлка", "Новогодняя Елка", True),
        ("contains", "7", [5, 6], False),
        ("eq", "Да", "да", True),
    ],
)
def test_condition_operators(op, target, value, expected):
    assert condition_holds(op, target, value) is expected


def test_invalid_response_stores_nothing(full):
    survey, q, _time = full
    with pytest.raises(ValidationError):
        response_submit_all(survey=survey, raw={q["name"].pk: "", q["help"].pk: [1, 2, 3]})
    assert Response.objects.count() == 0
    assert Answer.objects.count() == 0
