"""Demonstration questionnaire: the activist template, open, with a few answers (all is_demo)."""

import datetime
import random
from collections.abc import Callable

from django.utils import timezone

from .models import QuestionType
from .services import response_submit_all
from .template import survey_create_from_template
from .vocab import vocabulary_terms

RESPONDENTS = [
    ("Лебедева", "Анна", "Сергеевна", "юрист", "Нужен клуб молодых специалистов."),
    ("Орлов", "Дмитрий", "Игоревич", "инженер-строитель", "Готов помочь с ремонтом помещения."),
    ("Соколова", "Елена", "Викторовна", "учитель истории", "Провести вечер памяти земляков."),
    ("Воронин", "Павел", "", "предприниматель", "Ярмарка продукции малой родины."),
    ("Крылова", "Мария", "Андреевна", "врач-терапевт", ""),
    ("Зайцев", "Игорь", "Петрович", "журналист", "Больше рассказывать о землячестве в сети."),
]


def load(out: Callable[[str], None]) -> list[str]:
    rng = random.Random(4)
    today = timezone.localdate()
    survey = survey_create_from_template(
        actor=None,
        opens_on=today - datetime.timedelta(days=14),
        closes_on=today + datetime.timedelta(days=45),
        is_published=True,
        is_demo=True,
    )
    questions = {q.title: q for q in survey.questions.prefetch_related("options")}
    competencies = [pk for pk, _t, sphere in vocabulary_terms(QuestionType.COMPETENCIES) if sphere]
    interests = [pk for pk, _t, sphere in vocabulary_terms(QuestionType.INTERESTS) if sphere]

    def options(title: str) -> list[int]:
        return [o.pk for o in questions[title].options.all() if not o.is_row]

    for index, (last, first, patronymic, occupation, proposal) in enumerate(RESPONDENTS):
        helping = rng.sample(options("Чем вы готовы помочь землячеству?"), 2)
        raw = {
            questions["Фамилия"].pk: last,
            questions["Имя"].pk: first,
            questions["Отчество"].pk: patronymic,
            questions["Электронная почта"].pk: f"respondent{index + 1}@demo.zemlyaki.local",
            questions["Профессия, должность"].pk: occupation,
            questions["Чем вы готовы помочь землячеству?"].pk: helping,
            questions["Сколько часов в месяц вы готовы уделять?"].pk: rng.choice([4, 6, 8, 10, 20]),
            questions["Предпочтительные направления работы"].pk: rng.sample(
                options("Предпочтительные направления работы"), 2
            ),
            questions["Насколько землячество сейчас использует ваши возможности?"].pk: rng.randint(
                1, 4
            ),
            questions["Ваши предложения рабочей группе"].pk: proposal,
            questions["Малая родина (субъект Российской Федерации)"].pk: rng.choice(
                options("Малая родина (субъект Российской Федерации)")
            ),
        }
        if "Ваше землячество" in questions:
            raw[questions["Ваше землячество"].pk] = rng.choice(options("Ваше землячество"))
        if competencies:
            raw[questions["Профессиональные компетенции"].pk] = rng.sample(competencies, 2)
        if interests:
            raw[questions["Общественные интересы"].pk] = rng.sample(interests, 1)
        yes, no = options("Согласны ли вы, чтобы вас показывали в поиске экспертов землячеств?")
        raw[questions["Согласны ли вы, чтобы вас показывали в поиске экспертов землячеств?"].pk] = (
            yes if index % 2 == 0 else no
        )
        agree, disagree = options("Согласие на обработку персональных данных")
        raw[questions["Согласие на обработку персональных данных"].pk] = (
            agree if index != 3 else disagree
        )
        response_submit_all(survey=survey, raw=raw, is_demo=True)
    return [
        f"Анкета «{survey.title}»: {len(RESPONDENTS)} демонстрационных ответов, "
        f"ссылка /s/{survey.slug}/."
    ]
