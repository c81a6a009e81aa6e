"""The archive of annual reports and what their analysis finds in them."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zemlyaki.accounts.rules import is_administrator, is_coordinator, is_leader
from zemlyaki.core.progress import is_stalled
from zemlyaki.core.visibility import VisibleQuerySet
from zemlyaki.directions.models import Direction

DECADES = ("1990s", "2000s", "2010s", "2020s")
DECADE_LABELS = {
    "1990s": _("1990-е"),
    "2000s": _("2000-е"),
    "2010s": _("2010-е"),
    "2020s": _("2020-е"),
}
FIRST_YEAR = 1990


def decade_of(year: int) -> str:
    return f"{year // 10 * 10}s"


class ReportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("загружен")
    EXTRACTED = "extracted", _("текст извлечён")
    ANALYSED = "analysed", _("проанализирован")
    ERROR = "error", _("ошибка извлечения текста")
    ANALYSIS_ERROR = "analysis_error", _("ошибка анализа")


EXTRACTION_LABELS = {
    "pasted": _("текст введён вручную"),
    "text": _("из текстового файла"),
    "docx": _("из документа Word"),
    "odt": _("из документа OpenDocument"),
    "rtf": _("из документа RTF"),
    "libreoffice": _("через LibreOffice"),
    "pdf": _("из текстового слоя PDF"),
    "ocr": _("распознан со скана"),
}


class ReportSource(models.TextChoices):
    FILE = "file", _("файл")
    PASTED = "pasted", _("текст введён вручную")


# The analysis classifies to the platform's one catalogue of directions (app
# ``directions``); the name stays for the analysis code that speaks of activities.
ActivityDirection = Direction


class LexiconKind(models.TextChoices):
    DIRECTION = "direction", _("направление")
    ACHIEVEMENT = "achievement", _("признак успеха")
    FAILURE = "failure", _("признак неудачи")


class LexiconSource(models.TextChoices):
    SEED = "seed", _("исходный словарь")
    MANUAL = "manual", _("добавлено вручную")
    CORRECTION = "correction", _("из исправления находки")


class LexiconEntry(models.Model):
    """A word or phrase (matched by lemmas) that marks a direction or an outcome.

    An *exclusion* says the opposite: a sentence containing the phrase is not put into
    that direction (or not marked as that outcome) even when other words match.
    """

    kind = models.CharField(_("вид"), max_length=20, choices=LexiconKind.choices)
    direction = models.ForeignKey(
        "directions.Direction",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="entries",
        verbose_name=_("направление"),
    )
    phrase = models.CharField(_("слово или фраза"), max_length=200)
    lemmas = models.CharField(_("леммы"), max_length=400, editable=False)
    is_exclusion = models.BooleanField(_("исключение"), default=False)
    source = models.CharField(
        _("источник"), max_length=20, choices=LexiconSource.choices, default=LexiconSource.MANUAL
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("добавил"),
    )
    created_at = models.DateTimeField(_("добавлено"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "direction__order", "is_exclusion", "phrase"]
        verbose_name = _("запись словаря")
        verbose_name_plural = _("словарь анализа")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "direction", "lemmas", "is_exclusion"],
                name="reports_lexicon_unique_phrase",
            )
        ]

    def __str__(self) -> str:
        return self.phrase


def report_upload_to(instance: "AnnualReport", filename: str) -> str:
    return f"reports/{instance.association_id}/{filename}"


class AnnualReportQuerySet(VisibleQuerySet["AnnualReport"]):
    """Working material of the associations: the coordinator and the administrator read
    every report, a leader the reports of the associations they lead; members and guests
    none."""

    def visible_to(self, user: Any) -> "AnnualReportQuerySet":
        if is_coordinator(user) or is_administrator(user):
            return self.all()
        if is_leader(user):
            return self.filter(association__leaders=user)
        return self.none()

    def admits(self, user: Any, obj: "AnnualReport") -> bool:
        if is_coordinator(user) or is_administrator(user):
            return True
        return bool(is_leader(user) and obj.association.leaders.filter(pk=user.pk).exists())


class AnnualReport(models.Model):
    """An annual report of an association to its general meeting."""

    association = models.ForeignKey(
        "registry.Association",
        on_delete=models.PROTECT,
        related_name="annual_reports",
        verbose_name=_("землячество"),
    )
    year_from = models.PositiveSmallIntegerField(_("год"))
    year_to = models.PositiveSmallIntegerField(_("по год"))
    decade = models.CharField(_("десятилетие"), max_length=5, editable=False, db_index=True)
    title = models.CharField(_("заголовок"), max_length=300, blank=True)
    meeting_date = models.DateField(_("дата общего собрания"), null=True, blank=True)
    source = models.CharField(
        _("источник"), max_length=10, choices=ReportSource.choices, default=ReportSource.FILE
    )
    file = models.FileField(_("файл"), upload_to=report_upload_to, blank=True, max_length=300)
    original_name = models.CharField(_("имя файла"), max_length=255, blank=True)
    file_type = models.CharField(_("тип файла"), max_length=20, blank=True)
    file_size = models.PositiveIntegerField(_("размер файла, байт"), default=0)
    text = models.TextField(_("текст"), blank=True)
    text_length = models.PositiveIntegerField(_("длина текста"), default=0)
    extraction_method = models.CharField(_("способ извлечения"), max_length=40, blank=True)
    status = models.CharField(
        _("статус"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.UPLOADED
    )
    progress = models.PositiveSmallIntegerField(_("готовность, %"), default=0)
    # When the processing last moved: a report «в обработке» whose progress has not moved
    # for ZEMLYAKI_REPORT_STALL_MINUTES was left by a worker that stopped.
    progress_at = models.DateTimeField(_("обработка двигалась"), default=timezone.now)
    error = models.TextField(_("причина ошибки"), blank=True)
    error_type = models.CharField(_("класс ошибки"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("загрузил"),
    )
    uploaded_at = models.DateTimeField(_("загружен"), auto_now_add=True)
    analysed_at = models.DateTimeField(_("проанализирован"), null=True, blank=True)
    batch = models.ForeignKey(
        "ReportBatch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("пакетная загрузка"),
    )
    is_demo = models.BooleanField(_("демонстрационная запись"), default=False)
    search_text = models.TextField(editable=False, default="")

    objects = AnnualReportQuerySet.as_manager()

    class Meta:
        ordering = ["-year_from", "association__name", "-id"]
        verbose_name = _("годовой отчёт")
        verbose_name_plural = _("годовые отчёты")
        indexes = [models.Index(fields=["association", "year_from"])]

    def __str__(self) -> str:
        return f"{self.association} — {self.period}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("reports:report_detail", kwargs={"pk": self.pk})

    @property
    def period(self) -> str:
        if self.year_to and self.year_to != self.year_from:
            return f"{self.year_from}–{self.year_to}"
        return str(self.year_from)

    @property
    def is_processing(self) -> bool:
        return self.status in {ReportStatus.UPLOADED, ReportStatus.EXTRACTED} and not self.error

    @property
    def is_stalled(self) -> bool:
        """In processing, but nothing has moved for longer than the setting allows: the
        worker that had it stopped. The report can be restarted."""
        if not self.is_processing:
            return False
        return is_stalled(self.progress_at, minutes=settings.ZEMLYAKI_REPORT_STALL_MINUTES)

    @property
    def is_failed(self) -> bool:
        return self.status in {ReportStatus.ERROR, ReportStatus.ANALYSIS_ERROR}

    @property
    def extraction_label(self) -> str:
        """How the text was obtained, in words («распознан со скана», not «ocr»)."""
        return str(EXTRACTION_LABELS.get(self.extraction_method, self.extraction_method))


class FindingKind(models.TextChoices):
    ENTITY = "entity", _("именованная сущность")
    DATE = "date", _("дата или период")
    NUMBER = "number", _("число")
    ACTIVITY = "activity", _("деятельность")
    OUTCOME = "outcome", _("результат")


class EntityType(models.TextChoices):
    ORG = "ORG", _("организация")
    PER = "PER", _("персона")
    LOC = "LOC", _("место")


class OutcomeType(models.TextChoices):
    ACHIEVEMENT = "achievement", _("достижение")
    FAILURE = "failure", _("неудача или проблема")


class IndicatorType(models.TextChoices):
    MEMBERS = "members", _("численность членов")
    EVENTS = "events", _("мероприятия")
    PARTICIPANTS = "participants", _("участники")
    MONEY = "money", _("деньги, руб.")
    OTHER = "other", _("прочее")


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("не проверено")
    CONFIRMED = "confirmed", _("подтверждено")
    REJECTED = "rejected", _("отклонено")


class ReportFinding(models.Model):
    """One thing the analysis found in a report, with its quote and position."""

    report = models.ForeignKey(
        AnnualReport, on_delete=models.CASCADE, related_name="findings", verbose_name=_("отчёт")
    )
    kind = models.CharField(_("вид"), max_length=20, choices=FindingKind.choices)
    category = models.CharField(_("категория"), max_length=40, blank=True)
    direction = models.ForeignKey(
        "directions.Direction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("направление"),
    )
    value = models.CharField(_("значение"), max_length=300, blank=True)
    number = models.DecimalField(_("число"), max_digits=16, decimal_places=2, null=True, blank=True)
    number_from = models.DecimalField(
        _("прежнее число"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    quote = models.TextField(_("цитата"))
    start = models.PositiveIntegerField(_("начало"))
    end = models.PositiveIntegerField(_("конец"))
    sentence_start = models.PositiveIntegerField(_("начало предложения"), default=0)
    matched = models.CharField(_("сработавшая фраза"), max_length=200, blank=True)
    review = models.CharField(
        _("проверка"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("проверил"),
    )
    reviewed_at = models.DateTimeField(_("проверено"), null=True, blank=True)

    class Meta:
        ordering = ["report", "start", "kind", "id"]
        verbose_name = _("находка анализа")
        verbose_name_plural = _("находки анализа")
        indexes = [
            models.Index(fields=["report", "kind"]),
            models.Index(fields=["kind", "category"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value or self.category}"

    @property
    def category_label(self) -> str:
        """What the finding is, in words; never empty («мероприятия», «место»,
        «экземпляр» for a figure of another kind)."""
        by_kind: dict[str, dict[str, Any]] = {
            FindingKind.NUMBER: dict(IndicatorType.choices),
            FindingKind.ENTITY: dict(EntityType.choices),
            FindingKind.OUTCOME: dict(OutcomeType.choices),
            FindingKind.DATE: {"date": _("дата"), "period": _("период")},
        }
        labels = by_kind.get(self.kind, {})
        if self.kind == FindingKind.NUMBER and self.category == IndicatorType.OTHER:
            return self.value or str(IndicatorType.OTHER.label)
        if self.kind == FindingKind.ACTIVITY:
            return self.value or self.category
        return str(labels.get(self.category, "")) or self.category or str(self.get_kind_display())


class ReportBatch(models.Model):
    """A ZIP of many reports uploaded at once; each file is processed on its own."""

    original_name = models.CharField(_("имя архива"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("загрузил"),
    )
    created_at = models.DateTimeField(_("загружен"), auto_now_add=True)
    items = models.JSONField(_("файлы"), default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("пакетная загрузка отчётов")
        verbose_name_plural = _("пакетные загрузки отчётов")

    def __str__(self) -> str:
        return self.original_name
