"""Questionnaires: the survey, its questions and options, respondents' answers,
personal invitations and the profile changes proposed from answers."""

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zemlyaki.accounts.rules import is_coordinator, is_leader
from zemlyaki.core.visibility import VisibleQuerySet


class SurveyMode(models.TextChoices):
    ANONYMOUS = "anonymous", _("анонимная (общая ссылка)")
    PERSONAL = "personal", _("персональная (своя ссылка у каждого)")


class SurveyQuerySet(VisibleQuerySet["Survey"]):
    """Who reads a questionnaire: a published one everyone (it is answered by its link, no
    account needed); a draft only those who manage it. Managing — building, inviting,
    reading the results — is ``managed_by``: every questionnaire for a coordinator, those
    of the associations they lead for a leader."""

    def managed_by(self, user: Any) -> "SurveyQuerySet":
        if is_coordinator(user):
            return self.all()
        if is_leader(user):
            return self.filter(association__leaders=user)
        return self.none()

    def visible_to(self, user: Any) -> "SurveyQuerySet":
        if is_coordinator(user):
            return self.all()
        managed = Survey.objects.managed_by(user).values("pk")
        return self.filter(Q(is_published=True) | Q(pk__in=managed))

    def admits(self, user: Any, obj: "Survey") -> bool:
        return obj.is_published or manages(user, obj)


def manages(user: Any, survey: "Survey") -> bool:
    """``managed_by`` for one questionnaire (``surveys.change_survey`` and the others)."""
    if is_coordinator(user):
        return True
    association = survey.association if survey.association_id is not None else None
    if not is_leader(user) or association is None:
        return False
    return association.leaders.filter(pk=user.pk).exists()


class Survey(models.Model):
    """A questionnaire (анкета)."""

    title = models.CharField(_("название"), max_length=300)
    slug = models.SlugField(_("адрес анкеты"), max_length=80, unique=True)
    intro = models.TextField(_("вступление"), blank=True)
    mode = models.CharField(
        _("режим"), max_length=20, choices=SurveyMode.choices, default=SurveyMode.ANONYMOUS
    )
    opens_on = models.DateField(_("открыта с"), null=True, blank=True)
    closes_on = models.DateField(_("открыта по"), null=True, blank=True)
    is_published = models.BooleanField(_("опубликована"), default=False)
    page_titles = models.JSONField(_("названия страниц"), default=list, blank=True)
    association = models.ForeignKey(
        "registry.Association",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("землячество (если анкета землячества)"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("автор"),
    )
    is_demo = models.BooleanField(_("демонстрационная запись"), default=False)
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("анкета")
        verbose_name_plural = _("анкеты")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("surveys:survey_detail", kwargs={"pk": self.pk})

    def public_url(self) -> str:
        from django.urls import reverse

        return reverse("surveys:answer_public", kwargs={"slug": self.slug})

    def is_open(self, today: datetime.date | None = None) -> bool:
        day = today or timezone.localdate()
        if not self.is_published:
            return False
        if self.opens_on and day < self.opens_on:
            return False
        return not (self.closes_on and day > self.closes_on)

    @property
    def is_personal(self) -> bool:
        return self.mode == SurveyMode.PERSONAL

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError(
                {"closes_on": _("Дата закрытия раньше даты открытия.")}, code="dates"
            )


class QuestionType(models.TextChoices):
    SHORT_TEXT = "short_text", _("короткий текст")
    LONG_TEXT = "long_text", _("длинный текст")
    SINGLE = "single", _("один вариант")
    MULTIPLE = "multiple", _("несколько вариантов")
    SCALE = "scale", _("шкала")
    NUMBER = "number", _("число")
    DATE = "date", _("дата")
    MATRIX = "matrix", _("матрица выбора")
    COMPETENCIES = "competencies", _("компетенции (из справочника)")
    INTERESTS = "interests", _("общественные интересы (из справочника)")


CHOICE_TYPES = {QuestionType.SINGLE, QuestionType.MULTIPLE}
OPTION_TYPES = {QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.MATRIX}
VOCABULARY_TYPES = {QuestionType.COMPETENCIES, QuestionType.INTERESTS}
TEXT_TYPES = {QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT}


class ConditionOp(models.TextChoices):
    EQUALS = "eq", _("равен")
    NOT_EQUALS = "neq", _("не равен")
    CONTAINS = "contains", _("содержит")


class ProfileField(models.TextChoices):
    """Profile fields a question may fill (used when the respondent consents)."""

    LAST_NAME = "last_name", _("фамилия")
    FIRST_NAME = "first_name", _("имя")
    PATRONYMIC = "patronymic", _("отчество")
    BIRTH_DATE = "birth_date", _("дата рождения")
    PHONE = "phone", _("телефон")
    EMAIL = "email", _("электронная почта")
    ASSOCIATION = "association", _("землячество")
    HOME_REGION = "home_region", _("малая родина (субъект РФ)")
    HOME_PLACE = "home_place", _("населённый пункт малой родины")
    MOSCOW_DISTRICT = "moscow_district", _("район проживания в Москве")
    OCCUPATION = "occupation", _("профессия, должность")
    WORKPLACE = "workplace", _("место работы")
    COMPETENCIES = "competencies", _("компетенции")
    INTERESTS = "interests", _("общественные интересы")
    SHOW_AS_EXPERT = "show_as_expert", _("согласие показываться как эксперт")
    CONSENT = "consent", _("согласие на обработку персональных данных")


class Question(models.Model):
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("анкета")
    )
    page = models.PositiveSmallIntegerField(_("страница"), default=1)
    position = models.PositiveIntegerField(_("порядок"), default=0)
    type = models.CharField(_("тип"), max_length=20, choices=QuestionType.choices)
    title = models.CharField(_("вопрос"), max_length=500)
    help_text = models.CharField(_("подсказка"), max_length=500, blank=True)
    required = models.BooleanField(_("обязательный"), default=False)
    min_value = models.FloatField(_("наименьшее значение"), null=True, blank=True)
    max_value = models.FloatField(_("наибольшее значение"), null=True, blank=True)
    max_choices = models.PositiveSmallIntegerField(_("не больше вариантов"), null=True, blank=True)
    has_other = models.BooleanField(_("вариант «другое: ___»"), default=False)
    min_label = models.CharField(_("подпись начала шкалы"), max_length=100, blank=True)
    max_label = models.CharField(_("подпись конца шкалы"), max_length=100, blank=True)
    condition_question = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dependents",
        verbose_name=_("показывать, если ответ на вопрос"),
    )
    condition_op = models.CharField(
        _("условие"), max_length=10, choices=ConditionOp.choices, blank=True
    )
    condition_value = models.CharField(_("значение условия"), max_length=300, blank=True)
    profile_field = models.CharField(
        _("поле профиля"), max_length=30, choices=ProfileField.choices, blank=True
    )

    class Meta:
        ordering = ["survey", "page", "position", "id"]
        verbose_name = _("вопрос")
        verbose_name_plural = _("вопросы")

    def __str__(self) -> str:
        return self.title

    @property
    def has_options(self) -> bool:
        return self.type in OPTION_TYPES

    @property
    def is_vocabulary(self) -> bool:
        return self.type in VOCABULARY_TYPES


class Option(models.Model):
    """A choice of a question; for a matrix, ``is_row`` marks its rows."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="options", verbose_name=_("вопрос")
    )
    position = models.PositiveIntegerField(_("порядок"), default=0)
    title = models.CharField(_("вариант"), max_length=300)
    is_row = models.BooleanField(_("строка матрицы"), default=False)
    ref = models.CharField(
        _("значение для профиля"),
        max_length=80,
        blank=True,
        help_text=_("Код субъекта РФ, адрес землячества или «yes»/«no» для согласий."),
    )

    class Meta:
        ordering = ["question", "is_row", "position", "id"]
        verbose_name = _("вариант ответа")
        verbose_name_plural = _("варианты ответа")

    def __str__(self) -> str:
        return self.title


class Invitation(models.Model):
    """A personal link of one person to a personal questionnaire."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("анкета")
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="survey_invitations",
        verbose_name=_("участник"),
    )
    association = models.ForeignKey(
        "registry.Association",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("землячество"),
    )
    email = models.EmailField(_("адрес"))
    sent_at = models.DateTimeField(_("отправлено"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("последнее напоминание"), null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(_("напоминаний"), default=0)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)

    class Meta:
        ordering = ["survey", "id"]
        verbose_name = _("приглашение")
        verbose_name_plural = _("приглашения")
        constraints = [
            models.UniqueConstraint(fields=["survey", "person"], name="surveys_invitation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.survey}"


class InvitationKey(models.Model):
    """The hash of one personal link sent in a letter; the plain token is only in the mail."""

    invitation = models.ForeignKey(
        Invitation, on_delete=models.CASCADE, related_name="keys", verbose_name=_("приглашение")
    )
    key_hash = models.CharField(_("хеш"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)

    class Meta:
        verbose_name = _("ключ ссылки")
        verbose_name_plural = _("ключи ссылок")

    def __str__(self) -> str:
        return f"{self.invitation} ({self.key_hash[:8]}…)"


class ResponseStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("заполняется")
    SUBMITTED = "submitted", _("отправлена")


class Response(models.Model):
    """One respondent's answers to one questionnaire."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("анкета")
    )
    invitation = models.OneToOneField(
        Invitation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="response",
        verbose_name=_("приглашение"),
    )
    key_hash = models.CharField(_("хеш ключа браузера"), max_length=64, blank=True, db_index=True)
    ip_hash = models.CharField(_("хеш адреса"), max_length=64, blank=True, db_index=True)
    status = models.CharField(
        _("состояние"),
        max_length=20,
        choices=ResponseStatus.choices,
        default=ResponseStatus.IN_PROGRESS,
    )
    association = models.ForeignKey(
        "registry.Association",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("землячество"),
    )
    home_region = models.ForeignKey(
        "core.Region",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("малая родина"),
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_responses",
        verbose_name=_("участник"),
    )
    is_demo = models.BooleanField(_("демонстрационная запись"), default=False)
    created_at = models.DateTimeField(_("начата"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)
    submitted_at = models.DateTimeField(_("отправлена"), null=True, blank=True)

    class Meta:
        ordering = ["survey", "id"]
        verbose_name = _("ответ на анкету")
        verbose_name_plural = _("ответы на анкету")
        indexes = [models.Index(fields=["survey", "status"])]

    def __str__(self) -> str:
        return _("Ответ №%(n)s") % {"n": self.pk}


class Answer(models.Model):
    """The answer to one question: ``value`` as in the API (text, number, option id,
    list of option ids, or row id → option id), ``other`` for «другое: ___»."""

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("ответ")
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("вопрос")
    )
    value = models.JSONField(_("значение"), null=True, blank=True)
    other = models.CharField(_("другое"), max_length=500, blank=True)
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("ответ на вопрос")
        verbose_name_plural = _("ответы на вопросы")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="surveys_answer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.response_id}/{self.question_id}"


class ChangeStatus(models.TextChoices):
    PENDING = "pending", _("ожидает решения")
    ACCEPTED = "accepted", _("принято")
    REJECTED = "rejected", _("отклонено")


class ProfileChange(models.Model):
    """Profile data proposed by a consenting respondent, applied only when a
    coordinator accepts it."""

    response = models.OneToOneField(
        Response, on_delete=models.CASCADE, related_name="profile_change", verbose_name=_("ответ")
    )
    data = models.JSONField(_("предлагаемые сведения"), default=dict)
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("участник"),
    )
    association = models.ForeignKey(
        "registry.Association",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("землячество"),
    )
    status = models.CharField(
        _("состояние"), max_length=20, choices=ChangeStatus.choices, default=ChangeStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("решение принял"),
    )
    decided_at = models.DateTimeField(_("решение принято"), null=True, blank=True)
    note = models.CharField(_("примечание"), max_length=300, blank=True)
    is_demo = models.BooleanField(_("демонстрационная запись"), default=False)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("изменение профиля из анкеты")
        verbose_name_plural = _("изменения профилей из анкет")

    def __str__(self) -> str:
        name = " ".join(
            str(self.data.get(k, "")) for k in ("last_name", "first_name", "patronymic")
        ).strip()
        return name or _("Изменение профиля №%(n)s") % {"n": self.pk}
