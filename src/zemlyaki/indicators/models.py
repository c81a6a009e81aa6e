"""Indicators of the strategy (section 6): goals they serve, stages of the strategy's
realisation, targets, and measurements — computed from the platform's own data by a
named measure, or entered by a person with evidence and reviewed by the control body."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zemlyaki.accounts.rules import is_administrator, is_coordinator
from zemlyaki.core.models import Stamped
from zemlyaki.core.visibility import VisibleQuerySet
from zemlyaki.governance.powers import user_has_power

# Stages of the strategy's realisation when the document lists none of its own.
DEFAULT_STAGES = [(1, 2024, 2026), (2, 2027, 2029), (3, 2030, 2032)]


class Level(models.TextChoices):
    COMMUNITY = "community", _("всё сообщество землячеств")
    ASSOCIATION = "association", _("каждое землячество")


class Source(models.TextChoices):
    COMPUTED = "computed", _("вычисляется платформой")
    ENTERED = "entered", _("вносится с подтверждением")


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("на проверке")
    ACCEPTED = "accepted", _("принято")
    RETURNED = "returned", _("возвращено с замечаниями")


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def sees_all_entries(user: Any) -> bool:
    """The coordinator, the administrator and whoever records or reviews values see every
    entered value, also those waiting for review or returned."""
    return bool(
        is_coordinator(user)
        or is_administrator(user)
        or user_has_power(user, "kpi.record")
        or user_has_power(user, "kpi.review")
    )


class GoalQuerySet(VisibleQuerySet["Goal"]):
    def visible_to(self, user: Any) -> "GoalQuerySet":
        return self  # the goals of section 2 are public text


class Goal(Stamped):
    """A goal of the strategy (section 2), in the list the coordinator keeps."""

    document = models.ForeignKey(
        "strategy.Document",
        on_delete=models.CASCADE,
        related_name="indicator_goals",
        verbose_name=_("документ"),
    )
    number = models.PositiveSmallIntegerField(_("номер"))
    title = models.CharField(_("цель"), max_length=300)
    is_demo = models.BooleanField(_("демонстрационная запись"), default=False)

    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["document", "number"]
        verbose_name = _("цель стратегии")
        verbose_name_plural = _("цели стратегии")
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="indicators_goal_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class StageQuerySet(VisibleQuerySet["Stage"]):
    def visible_to(self, user: Any) -> "StageQuerySet":
        return self  # the stages are part of the published document


class Stage(Stamped):
    """A stage of the strategy's realisation: a period of whole years of the document."""

    document = models.ForeignKey(
        "strategy.Document",
        on_delete=models.CASCADE,
        related_name="indicator_stages",
        verbose_name=_("документ"),
    )
    number = models.PositiveSmallIntegerField(_("номер этапа"))
    start_year = models.PositiveSmallIntegerField(_("с года"))
    end_year = models.PositiveSmallIntegerField(_("по год"))

    objects = StageQuerySet.as_manager()

    class Meta:
        ordering = ["document", "start_year"]
        verbose_name = _("этап реализации")
        verbose_name_plural = _("этапы реализации")
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="indicators_stage_number")
        ]

    def __str__(self) -> str:
        return _("%(number)s этап (%(start)s–%(end)s)") % {
            "number": self.number,
            "start": self.start_year,
            "end": self.end_year,
        }

    @property
    def period(self) -> str:
        return f"{self.start_year}–{self.end_year}"


class IndicatorQuerySet(VisibleQuerySet["Indicator"]):
    def visible_to(self, user: Any) -> "IndicatorQuerySet":
        """Everyone signed in reads every indicator; a guest only the public ones."""
        if _signed_in(user):
            return self
        return self.filter(public=True)


class Indicator(Stamped):
    document = models.ForeignKey(
        "strategy.Document",
        on_delete=models.PROTECT,
        related_name="indicators",
        verbose_name=_("стратегия"),
    )
    code = models.CharField(_("код"), max_length=20, unique=True)
    name = models.CharField(_("наименование"), max_length=300)
    unit = models.CharField(_("единица измерения"), max_length=30)
    goal = models.ForeignKey(
        Goal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("цель стратегии"),
    )
    directions = models.ManyToManyField(
        "directions.Direction",
        blank=True,
        related_name="indicators",
        verbose_name=_("направления"),
    )
    program = models.ForeignKey(
        "programs.Program",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("программа"),
    )
    level = models.CharField(
        _("уровень"), max_length=20, choices=Level.choices, default=Level.COMMUNITY
    )
    owner_body = models.ForeignKey(
        "governance.Body",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_indicators",
        verbose_name=_("ответственный орган"),
    )
    method = models.TextField(_("методика расчёта"), blank=True)
    higher_is_better = models.BooleanField(_("лучше больше"), default=True)
    allow_negative = models.BooleanField(_("допускает отрицательные значения"), default=False)
    source = models.CharField(
        _("источник фактических значений"),
        max_length=20,
        choices=Source.choices,
        default=Source.ENTERED,
    )
    measure = models.CharField(_("мера платформы"), max_length=60, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("базовый год"), null=True, blank=True)
    baseline_value = models.DecimalField(
        _("базовое значение"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    baseline_source = models.CharField(_("источник базового значения"), max_length=300, blank=True)
    public = models.BooleanField(_("показывать на открытом сайте"), default=False)
    order = models.PositiveIntegerField(_("порядок"), default=0)
    refreshed_at = models.DateTimeField(_("вычислено"), null=True, blank=True)
    refresh_error = models.TextField(_("ошибка вычисления"), blank=True)
    is_demo = models.BooleanField(_("демонстрационная запись"), default=False)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("показатель")
        verbose_name_plural = _("показатели")
        constraints = [
            models.CheckConstraint(
                condition=Q(source="entered") | ~Q(measure=""), name="indicators_computed_measure"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class TargetQuerySet(VisibleQuerySet["Target"]):
    def visible_to(self, user: Any) -> "TargetQuerySet":
        if _signed_in(user):
            return self
        return self.filter(indicator__public=True)


class Target(Stamped):
    """The value due by the end of a year; the target of a stage is the one of its last year."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="targets", verbose_name=_("показатель")
    )
    year = models.PositiveSmallIntegerField(_("год"))
    value = models.DecimalField(_("целевое значение"), max_digits=16, decimal_places=2)

    objects = TargetQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "year"]
        verbose_name = _("целевое значение")
        verbose_name_plural = _("целевые значения")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="indicators_target_year")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year}: {self.value}"


class MeasurementQuerySet(VisibleQuerySet["Measurement"]):
    def visible_to(self, user: Any) -> "MeasurementQuerySet":
        """Accepted values of the indicators one may read; entered values waiting for
        review or returned only to their author and to those who record or review."""
        if not _signed_in(user):
            return self.filter(indicator__public=True, status=ReviewStatus.ACCEPTED)
        if sees_all_entries(user):
            return self
        return self.filter(Q(status=ReviewStatus.ACCEPTED) | Q(created_by=user))

    def counted(self) -> "MeasurementQuerySet":
        """The values progress is measured by: computed ones and accepted entries."""
        return self.filter(status=ReviewStatus.ACCEPTED)


def evidence_upload_to(instance: "Measurement", filename: str) -> str:
    return f"indicators/evidence/{instance.indicator_id}/{filename}"


class Measurement(Stamped):
    """An actual value of an indicator for a year, for the whole community
    (``association`` empty) or one association."""

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="measurements",
        verbose_name=_("показатель"),
    )
    association = models.ForeignKey(
        "registry.Association",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicator_measurements",
        verbose_name=_("землячество"),
    )
    year = models.PositiveSmallIntegerField(_("год"))
    value = models.DecimalField(_("значение"), max_digits=16, decimal_places=2)
    computed = models.BooleanField(_("вычислено платформой"), default=False)
    computed_from = models.CharField(_("из чего вычислено"), max_length=300, blank=True)
    computed_at = models.DateTimeField(_("когда вычислено"), null=True, blank=True)
    status = models.CharField(
        _("проверка"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    comment = models.TextField(_("комментарий"), blank=True)
    evidence_file = models.FileField(
        _("файл подтверждения"), upload_to=evidence_upload_to, max_length=300, blank=True
    )
    evidence_url = models.URLField(_("ссылка на подтверждение"), max_length=500, blank=True)
    remarks = models.TextField(_("замечания контрольного органа"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто проверил"),
    )
    reviewed_at = models.DateTimeField(_("проверено"), null=True, blank=True)
    is_demo = models.BooleanField(_("демонстрационная запись"), default=False)

    objects = MeasurementQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "year", "pk"]
        verbose_name = _("фактическое значение")
        verbose_name_plural = _("фактические значения")
        indexes = [
            models.Index(fields=["indicator", "association", "year", "status"]),
            models.Index(fields=["updated_at"]),  # the dashboard's data version
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "association", "year"],
                condition=Q(computed=True, association__isnull=False),
                name="indicators_one_computed_value",
            ),
            models.UniqueConstraint(
                fields=["indicator", "year"],
                condition=Q(computed=True, association__isnull=True),
                name="indicators_one_computed_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year}: {self.value}"

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence_file or self.evidence_url)
