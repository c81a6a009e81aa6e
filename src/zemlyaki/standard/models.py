"""The work standard of an association made measurable: versions of criteria, yearly
self-assessments, their answers, evidence, and the review of each answer."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zemlyaki.accounts.rules import (
    is_administrator,
    is_coordinator,
    is_leader,
    led_association_ids,
)
from zemlyaki.core.visibility import VisibleQuerySet
from zemlyaki.governance.powers import power_scopes


class Block(models.TextChoices):
    GOVERNANCE = "governance", _("Управление и отчётность")
    COUNTRYMEN = "countrymen", _("Работа с земляками")
    YOUTH = "youth", _("Молодёжь")
    HOMELAND = "homeland", _("Связь с родным краем")
    OPENNESS = "openness", _("Информационная открытость")
    PARTNERSHIP = "partnership", _("Партнёрство")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("проект")
    IN_FORCE = "in_force", _("действует")
    RETIRED = "retired", _("утратила силу")


class AnswerKind(models.TextChoices):
    YES_NO = "yes_no", _("да/нет")
    LEVEL = "level", _("уровень 0–3")
    NUMBER = "number", _("число")


class EvidenceKind(models.TextChoices):
    FILE = "file", _("файл")
    LINK = "link", _("ссылка")
    EVENT = "event", _("мероприятие на платформе")
    REPORT = "report", _("отчёт в архиве")


class StandardVersion(models.Model):
    """A version of the standard; one is in force, a new one may be drafted meanwhile."""

    number = models.PositiveIntegerField(_("номер версии"), unique=True)
    title = models.CharField(_("название"), max_length=300)
    document_version = models.ForeignKey(
        "strategy.DocumentVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("утверждённая версия документа «Стандарт»"),
    )
    status = models.CharField(
        _("статус"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    in_force_since = models.DateField(_("действует с"), null=True, blank=True)
    is_demo = models.BooleanField(_("демонстрационная запись"), default=False)
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("версия стандарта")
        verbose_name_plural = _("версии стандарта")

    def __str__(self) -> str:
        return _("%(title)s, версия %(number)s") % {"title": self.title, "number": self.number}


class Criterion(models.Model):
    version = models.ForeignKey(
        StandardVersion,
        on_delete=models.CASCADE,
        related_name="criteria",
        verbose_name=_("версия"),
    )
    block = models.CharField(_("блок"), max_length=20, choices=Block.choices)
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)
    code = models.CharField(_("код"), max_length=20)
    text = models.TextField(_("формулировка"))
    weight = models.PositiveSmallIntegerField(_("вес"), default=1)
    answer_kind = models.CharField(
        _("вид ответа"), max_length=10, choices=AnswerKind.choices, default=AnswerKind.YES_NO
    )
    # For levels: the description of each level, from 0 up (four of them for 0–3).
    levels = models.JSONField(_("описания уровней"), default=list, blank=True)
    # For numbers: ascending thresholds; each one reached earns an equal share.
    thresholds = models.JSONField(_("пороги"), default=list, blank=True)
    evidence_kinds = models.JSONField(_("требуемые подтверждения"), default=list, blank=True)
    check_code = models.CharField(_("вычисляемая проверка"), max_length=60, blank=True)

    class Meta:
        ordering = ["version", "order", "pk"]
        verbose_name = _("критерий")
        verbose_name_plural = _("критерии")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="standard_criterion_code")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.text[:80]}"

    @property
    def max_value(self) -> int:
        if self.answer_kind == AnswerKind.LEVEL:
            return max(len(self.levels) - 1, 1)
        return 1


class Campaign(models.Model):
    """The self-assessment of one year: its deadline, set by the coordinator."""

    year = models.PositiveSmallIntegerField(_("год"), unique=True)
    deadline = models.DateField(_("срок представления"))
    ranking_published = models.BooleanField(_("рейтинг опубликован"), default=False)
    is_demo = models.BooleanField(_("демонстрационная запись"), default=False)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("год самооценки")
        verbose_name_plural = _("годы самооценки")

    def __str__(self) -> str:
        return str(self.year)


class DeadlineExtension(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="extensions", verbose_name=_("год")
    )
    association = models.ForeignKey(
        "registry.Association",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("землячество"),
    )
    deadline = models.DateField(_("продлённый срок"))

    class Meta:
        verbose_name = _("продление срока")
        verbose_name_plural = _("продления срока")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "association"], name="standard_extension_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.association} — {self.deadline}"


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("черновик")
    SUBMITTED = "submitted", _("представлена")
    RETURNED = "returned", _("возвращена на доработку")
    ACCEPTED = "accepted", _("принята")


class AssessmentQuerySet(VisibleQuerySet["Assessment"]):
    """A self-assessment is read by the coordinator and the administrator, by the control
    body (power ``standard.review``, unscoped or scoped to the association) and by the
    leaders of its association."""

    def visible_to(self, user: Any) -> "AssessmentQuerySet":
        if is_coordinator(user) or is_administrator(user):
            return self.all()
        reviewed = power_scopes(user, "standard.review", "registry.association")
        if reviewed is None:
            return self.all()
        ids = {int(pk) for pk in reviewed if pk.isdigit()}
        if is_leader(user):
            ids |= led_association_ids(user)
        return self.filter(Q(association_id__in=ids))

    def admits(self, user: Any, obj: "Assessment") -> bool:
        if is_coordinator(user) or is_administrator(user):
            return True
        reviewed = power_scopes(user, "standard.review", "registry.association")
        if reviewed is None or str(obj.association_id) in reviewed:
            return True
        return bool(is_leader(user) and obj.association_id in led_association_ids(user))


class Assessment(models.Model):
    association = models.ForeignKey(
        "registry.Association",
        on_delete=models.CASCADE,
        related_name="standard_assessments",
        verbose_name=_("землячество"),
    )
    year = models.PositiveSmallIntegerField(_("год"))
    version = models.ForeignKey(
        StandardVersion,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("версия стандарта"),
    )
    status = models.CharField(
        _("статус"),
        max_length=20,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.DRAFT,
    )
    submitted_at = models.DateTimeField(_("представлена"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("начал(а)"),
    )
    is_demo = models.BooleanField(_("демонстрационная запись"), default=False)
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "association__name"]
        verbose_name = _("самооценка")
        verbose_name_plural = _("самооценки")
        constraints = [
            models.UniqueConstraint(fields=["association", "year"], name="standard_assessment_year")
        ]

    def __str__(self) -> str:
        return _("Самооценка «%(association)s» за %(year)s год") % {
            "association": self.association,
            "year": self.year,
        }

    @property
    def is_submitted(self) -> bool:
        return self.status != AssessmentStatus.DRAFT


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("не рассмотрен")
    ACCEPTED = "accepted", _("принято")
    LOWERED = "lowered", _("принято с понижением")
    RETURNED = "returned", _("возвращено с замечанием")


class Answer(models.Model):
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="answers", verbose_name=_("самооценка")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="answers", verbose_name=_("критерий")
    )
    # yes/no: 1 or 0; level: 0…3; number: the number.
    value = models.DecimalField(_("ответ"), max_digits=12, decimal_places=2, null=True, blank=True)
    comment = models.TextField(_("пояснение"), blank=True)
    revision = models.PositiveIntegerField(_("номер редакции ответа"), default=0)
    computed = models.BooleanField(_("заполнено проверкой платформы"), default=False)
    computed_note = models.CharField(_("что нашла проверка"), max_length=300, blank=True)
    review_status = models.CharField(
        _("решение проверки"),
        max_length=20,
        choices=ReviewStatus.choices,
        default=ReviewStatus.PENDING,
    )
    accepted_value = models.DecimalField(
        _("принятое значение"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    reviewed_revision = models.PositiveIntegerField(
        _("рассмотренная редакция"), null=True, blank=True
    )

    class Meta:
        ordering = ["assessment", "criterion__order", "criterion__pk"]
        verbose_name = _("ответ")
        verbose_name_plural = _("ответы")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="standard_answer_once")
        ]

    def __str__(self) -> str:
        return f"{self.assessment} — {self.criterion.code}"


class Evidence(models.Model):
    answer = models.ForeignKey(
        Answer, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("ответ")
    )
    kind = models.CharField(_("вид"), max_length=10, choices=EvidenceKind.choices)
    file = models.FileField(_("файл"), upload_to="standard/", blank=True)
    file_name = models.CharField(_("имя файла"), max_length=255, blank=True)
    url = models.URLField(_("ссылка"), max_length=500, blank=True)
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("мероприятие"),
    )
    report = models.ForeignKey(
        "reports.AnnualReport",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("годовой отчёт"),
    )
    computed = models.BooleanField(_("найдено проверкой платформы"), default=False)
    created_at = models.DateTimeField(_("добавлено"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("подтверждение")
        verbose_name_plural = _("подтверждения")

    def __str__(self) -> str:
        return self.file_name or self.url or str(self.event or self.report or self.kind)


class MessageKind(models.TextChoices):
    ANSWER = "answer", _("ответ")
    REMARK = "remark", _("замечание")
    REVIEW = "review", _("решение")


class AnswerMessage(models.Model):
    """The conversation about one criterion of an assessment."""

    answer = models.ForeignKey(
        Answer, on_delete=models.CASCADE, related_name="messages", verbose_name=_("ответ")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("автор"),
    )
    kind = models.CharField(_("вид"), max_length=10, choices=MessageKind.choices)
    text = models.TextField(_("текст"))
    revision = models.PositiveIntegerField(_("к редакции"), default=0)
    created_at = models.DateTimeField(_("когда"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("сообщение по критерию")
        verbose_name_plural = _("сообщения по критериям")

    def __str__(self) -> str:
        return self.text[:80]


class Reminder(models.Model):
    """A reminder mailed to an association's leaders before its deadline: one per
    deadline, so running the command again sends nothing new (an extension, a new one)."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("год")
    )
    association = models.ForeignKey(
        "registry.Association",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("землячество"),
    )
    deadline = models.DateField(_("срок"))
    recipients = models.JSONField(_("кому"), default=list)
    sent_at = models.DateTimeField(_("отправлено"), auto_now_add=True)

    class Meta:
        verbose_name = _("напоминание о сроке")
        verbose_name_plural = _("напоминания о сроке")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "association", "deadline"], name="standard_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.association} — {self.deadline}"
