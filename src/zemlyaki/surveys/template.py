"""The ready questionnaire «Анкета активиста землячества» (plan item 4 of the proposal)."""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zemlyaki.core.actors import Actor
from zemlyaki.core.models import Region
from zemlyaki.registry.models import Association, AssociationStatus

from .models import ConditionOp, ProfileField, Question, QuestionType, Survey, SurveyMode
from .services import question_create, survey_create

TEMPLATE_TITLE = gettext_noop("Анкета активиста землячества")

CONTRIBUTIONS = [
    gettext_noop("Знания и профессиональный опыт"),
    gettext_noop("Время"),
    gettext_noop("Помещения"),
    gettext_noop("Контакты и связи"),
    gettext_noop("Деньги"),
]
DIRECTIONS = [
    gettext_noop("Культура и сохранение традиций"),
    gettext_noop("Работа с молодёжью и студентами"),
    gettext_noop("Поддержка ветеранов и старшего поколения"),
    gettext_noop("Экономические связи с малой родиной"),
    gettext_noop("Образование и просвещение"),
    gettext_noop("Благотворительность и волонтёрство"),
    gettext_noop("Информационная работа и СМИ"),
    gettext_noop("Спорт и здоровый образ жизни"),
    gettext_noop("Межнациональное согласие"),
]


@transaction.atomic
def survey_create_from_template(
    *,
    actor: Actor | None,
    association: Association | None = None,
    mode: str = SurveyMode.ANONYMOUS,
    opens_on: datetime.date | None = None,
    closes_on: datetime.date | None = None,
    is_published: bool = False,
    is_demo: bool = False,
) -> Survey:
    today = timezone.localdate()
    survey = survey_create(
        actor=actor,
        title=_(TEMPLATE_TITLE),
        intro=_(
            "Рабочая группа по подготовке стратегии развития землячеств Москвы ищет "
            "инициативных земляков и неиспользуемый потенциал землячеств. Ответы займут "
            "около 10 минут. С вашего согласия сведения войдут в ваш профиль участника и в "
            "поиск экспертов."
        ),
        mode=mode,
        opens_on=opens_on or today,
        closes_on=closes_on or today + datetime.timedelta(days=60),
        is_published=is_published,
        page_titles=[
            _("Контакты"),
            _("Землячество и малая родина"),
            _("Профессия и компетенции"),
            _("Чем вы готовы помочь"),
            _("Согласия"),
        ],
        association=association,
        is_demo=is_demo,
    )

    def add(**fields: Any) -> Question:
        return question_create(actor=actor, survey=survey, **fields)

    text = QuestionType.SHORT_TEXT
    add(page=1, type=text, title=_("Фамилия"), required=True, profile_field=ProfileField.LAST_NAME)
    add(page=1, type=text, title=_("Имя"), required=True, profile_field=ProfileField.FIRST_NAME)
    add(page=1, type=text, title=_("Отчество"), profile_field=ProfileField.PATRONYMIC)
    add(page=1, type=QuestionType.DATE, title=_("Дата рождения"),
        profile_field=ProfileField.BIRTH_DATE)  # fmt: skip
    add(page=1, type=text, title=_("Телефон"), help_text=_("Например, +7 916 123-45-67."),
        profile_field=ProfileField.PHONE)  # fmt: skip
    add(page=1, type=text, title=_("Электронная почта"), required=True,
        profile_field=ProfileField.EMAIL)  # fmt: skip

    associations = list(
        Association.objects.exclude(status=AssociationStatus.LIQUIDATED).order_by("name")
    )
    if association is not None and association not in associations:
        associations.insert(0, association)
    if associations:
        add(
            page=2,
            type=QuestionType.SINGLE,
            title=_("Ваше землячество"),
            profile_field=ProfileField.ASSOCIATION,
            options=[str(a) for a in associations],
            option_refs=[a.slug for a in associations],
            has_other=True,
        )
    regions = list(Region.objects.order_by("name"))
    add(
        page=2,
        type=QuestionType.SINGLE,
        title=_("Малая родина (субъект Российской Федерации)"),
        required=True,
        profile_field=ProfileField.HOME_REGION,
        options=[r.name for r in regions],
        option_refs=[r.code for r in regions],
    )
    add(page=2, type=text, title=_("Населённый пункт малой родины"),
        profile_field=ProfileField.HOME_PLACE)  # fmt: skip
    add(page=2, type=text, title=_("Район проживания в Москве"),
        profile_field=ProfileField.MOSCOW_DISTRICT)  # fmt: skip

    add(page=3, type=text, title=_("Профессия, должность"), profile_field=ProfileField.OCCUPATION)
    add(page=3, type=text, title=_("Место работы"), profile_field=ProfileField.WORKPLACE)
    add(page=3, type=QuestionType.COMPETENCIES, title=_("Профессиональные компетенции"),
        help_text=_("Отметьте, в чём вы разбираетесь как специалист."),
        profile_field=ProfileField.COMPETENCIES, max_choices=10)  # fmt: skip
    add(page=3, type=QuestionType.INTERESTS, title=_("Общественные интересы"),
        profile_field=ProfileField.INTERESTS, max_choices=10)  # fmt: skip

    contribution = add(
        page=4,
        type=QuestionType.MULTIPLE,
        title=_("Чем вы готовы помочь землячеству?"),
        required=True,
        options=[_(c) for c in CONTRIBUTIONS],
        has_other=True,
    )
    time_option = contribution.options.get(position=1)
    add(
        page=4,
        type=QuestionType.NUMBER,
        title=_("Сколько часов в месяц вы готовы уделять?"),
        help_text=_("Вопрос показывается, если вы готовы помогать временем."),
        required=True,
        min_value=1,
        max_value=200,
        condition_question=contribution,
        condition_op=ConditionOp.CONTAINS,
        condition_value=str(time_option.pk),
    )
    add(
        page=4,
        type=QuestionType.MULTIPLE,
        title=_("Предпочтительные направления работы"),
        help_text=_("Не больше трёх."),
        options=[_(d) for d in DIRECTIONS],
        max_choices=3,
        has_other=True,
    )
    add(
        page=4,
        type=QuestionType.SCALE,
        title=_("Насколько землячество сейчас использует ваши возможности?"),
        min_value=1,
        max_value=5,
        min_label=_("совсем не использует"),
        max_label=_("полностью"),
    )
    add(page=4, type=QuestionType.LONG_TEXT, title=_("Ваши предложения рабочей группе"))

    yes_no = [_("Да"), _("Нет")]
    add(
        page=5,
        type=QuestionType.SINGLE,
        title=_("Согласны ли вы, чтобы вас показывали в поиске экспертов землячеств?"),
        help_text=_("Члены рабочих органов увидят ваше имя и компетенции."),
        required=True,
        options=yes_no,
        option_refs=["yes", "no"],
        profile_field=ProfileField.SHOW_AS_EXPERT,
    )
    add(
        page=5,
        type=QuestionType.SINGLE,
        title=_("Согласие на обработку персональных данных"),
        help_text=_(
            "Даю согласие на обработку моих персональных данных, указанных в анкете, для "
            "формирования экспертного сообщества землячеств (152-ФЗ)."
        ),
        required=True,
        options=[_("Согласен (согласна)"), _("Не согласен (не согласна)")],
        option_refs=["yes", "no"],
        profile_field=ProfileField.CONSENT,
    )
    return survey
