"""Questionnaires built through the services, as the application builds them."""

import datetime

from django.utils import timezone

from zemlyaki.surveys.models import ConditionOp, QuestionType
from zemlyaki.surveys.services import question_create, survey_create


def make_survey(title="Анкета земляка", *, actor=None, published=True, **fields):
    today = timezone.localdate()
    fields.setdefault("opens_on", today - datetime.timedelta(days=1))
    fields.setdefault("closes_on", today + datetime.timedelta(days=30))
    return survey_create(actor=actor, title=title, is_published=published, **fields)


def make_question(survey, type=QuestionType.SHORT_TEXT, title="Вопрос", **fields):
    return question_create(actor=None, survey=survey, type=type, title=title, **fields)


def make_full_survey(**fields):
    """One question of each kind, with a display condition; returns (survey, questions)."""
    survey = make_survey(**fields)
    q = {}
    q["name"] = make_question(survey, title="Как вас зовут?", required=True)
    q["about"] = make_question(survey, QuestionType.LONG_TEXT, "Расскажите о себе")
    q["help"] = make_question(
        survey,
        QuestionType.MULTIPLE,
        "Чем готовы помочь?",
        required=True,
        options=["Знания", "Время", "Деньги"],
        has_other=True,
        max_choices=2,
    )
    time_option = q["help"].options.get(title="Время")
    q["hours"] = make_question(
        survey,
        QuestionType.NUMBER,
        "Часов в месяц",
        required=True,
        min_value=1,
        max_value=100,
        condition_question=q["help"],
        condition_op=ConditionOp.CONTAINS,
        condition_value="Время",
    )
    q["city"] = make_question(
        survey, QuestionType.SINGLE, "Где живёте?", options=["Москва", "Область"], page=2
    )
    q["scale"] = make_question(
        survey,
        QuestionType.SCALE,
        "Оценка",
        min_value=1,
        max_value=5,
        min_label="плохо",
        max_label="отлично",
        page=2,
    )
    q["born"] = make_question(survey, QuestionType.DATE, "Дата рождения", page=2)
    q["matrix"] = make_question(
        survey,
        QuestionType.MATRIX,
        "Оцените направления",
        options=["Важно", "Не важно"],
        rows=["Культура", "Спорт"],
        page=2,
    )
    return survey, q, time_option
