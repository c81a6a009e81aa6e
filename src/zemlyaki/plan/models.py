import re

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zemlyaki.core.visibility import SignedInQuerySet


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("не начато")
    IN_PROGRESS = "in_progress", _("в работе")
    DONE = "done", _("выполнено")
    CANCELLED = "cancelled", _("отменено")


CLOSED_STATUSES = (TaskStatus.DONE, TaskStatus.CANCELLED)


class PlanSource(models.TextChoices):
    MANUAL = "manual", _("создан вручную")
    TEXT = "text", _("загружен из текста")
    YAML = "yaml", _("загружен из YAML")
    XLSX = "xlsx", _("загружен из XLSX")


class PlanQuerySet(SignedInQuerySet["Plan"]):
    """Plans are read by everyone signed in."""


class TaskQuerySet(SignedInQuerySet["Task"]):
    """Tasks are read with their plan: by everyone signed in."""


class Plan(models.Model):
    """A roadmap: numbered tasks with deadlines, owners and dependencies."""

    title = models.CharField(_("название"), max_length=300)
    description = models.TextField(_("описание"), blank=True)
    is_main = models.BooleanField(
        _("основной план"),
        default=False,
        help_text=_("Основной план попадает в таблицу плана в тексте Стратегии."),
    )
    source = models.CharField(
        _("источник"), max_length=10, choices=PlanSource.choices, default=PlanSource.MANUAL
    )
    search_text = models.TextField(editable=False, blank=True, default="")
    is_demo = models.BooleanField(_("демонстрационная запись"), default=False)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-is_main", "title", "id"]
        verbose_name = _("план")
        verbose_name_plural = _("планы")
        constraints = [
            models.UniqueConstraint(
                fields=["is_main"], condition=models.Q(is_main=True), name="plan_one_main_plan"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plan:plan_detail", args=[self.pk])


class Task(models.Model):
    """An item of a plan («мероприятие плана»)."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("план")
    )
    position = models.PositiveIntegerField(_("порядок"), default=0)
    number = models.CharField(_("номер"), max_length=20)
    title = models.TextField(_("мероприятие"))
    description = models.TextField(_("описание, примечания"), blank=True)
    owner_body = models.ForeignKey(
        "governance.Body",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_tasks",
        verbose_name=_("ответственный орган"),
    )
    owner_person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_tasks",
        verbose_name=_("ответственный"),
    )
    start_date = models.DateField(_("начало"), null=True, blank=True)
    due_date = models.DateField(_("срок"), null=True, blank=True)
    status = models.CharField(
        _("состояние"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    depends_on = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="dependents",
        verbose_name=_("зависит от"),
    )
    follows_previous = models.BooleanField(
        _("следует за пунктами выше"),
        default=False,
        help_text=_("Пункт нумерованного списка зависит от всех пунктов выше него."),
    )
    search_text = models.TextField(editable=False, blank=True, default="")
    is_demo = models.BooleanField(_("демонстрационная запись"), default=False)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "position", "id"]
        verbose_name = _("мероприятие плана")
        verbose_name_plural = _("мероприятия плана")
        indexes = [models.Index(fields=["due_date", "status"])]

    def __str__(self) -> str:
        return f"{self.number}. {self.short_title}"

    @property
    def short_title(self) -> str:
        return self.title if len(self.title) <= 80 else self.title[:79].rstrip() + "…"

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    def owner_label(self) -> str:
        parts = [str(o) for o in (self.owner_body, self.owner_person) if o is not None]
        return ", ".join(parts)


class TaskResult(models.Model):
    """A document that came out of a task: a link or an uploaded file."""

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="results", verbose_name=_("мероприятие")
    )
    title = models.CharField(_("название документа"), max_length=300)
    url = models.URLField(_("ссылка"), blank=True)
    file = models.FileField(_("файл"), upload_to="plan/results/%Y/", blank=True)
    created_at = models.DateTimeField(_("добавлен"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("результат мероприятия")
        verbose_name_plural = _("результаты мероприятий")

    def __str__(self) -> str:
        return self.title


class PlanVersion(models.Model):
    """The dates of a plan as approved by a decision (of a round table, a council)."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="versions", verbose_name=_("план")
    )
    number = models.PositiveIntegerField(_("номер редакции"))
    approved_at = models.DateTimeField(_("утверждена"), default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто записал"),
    )
    decision_type = models.CharField(_("тип решения"), max_length=60, blank=True)
    decision_id = models.CharField(_("идентификатор решения"), max_length=64, blank=True)
    decision_repr = models.CharField(_("решение"), max_length=500, blank=True)
    tasks = models.JSONField(_("утверждённые сроки"), default=list)

    class Meta:
        ordering = ["plan", "-number"]
        verbose_name = _("утверждённая редакция плана")
        verbose_name_plural = _("утверждённые редакции плана")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.plan} — редакция {self.number}"

    @property
    def decision_phrase(self) -> str:
        """«решением № 1 (Круглый стол …)» from the kept «Решение № 1: Круглый стол …»."""
        match = re.match(r"^Решение № (\S+): (.+)$", self.decision_repr or "", re.S)
        if match:
            return _("решением № %(number)s (%(event)s)") % {
                "number": match[1],
                "event": match[2],
            }
        return _("решением «%(decision)s»") % {"decision": self.decision_repr}


class TaskDateChange(models.Model):
    """A change of a task's deadline made after the plan was approved."""

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="date_changes", verbose_name=_("мероприятие")
    )
    version = models.ForeignKey(
        PlanVersion,
        on_delete=models.CASCADE,
        related_name="date_changes",
        verbose_name=_("утверждённая редакция"),
    )
    old_due_date = models.DateField(_("был срок"), null=True, blank=True)
    new_due_date = models.DateField(_("стал срок"), null=True, blank=True)
    changed_at = models.DateTimeField(_("когда"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто"),
    )
    changed_by_repr = models.CharField(_("кто (на момент записи)"), max_length=150, blank=True)
    reason = models.CharField(_("причина"), max_length=500, blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("перенос срока")
        verbose_name_plural = _("переносы сроков")

    def __str__(self) -> str:
        return f"{self.task}: {self.old_due_date} → {self.new_due_date}"


class ReminderKind(models.TextChoices):
    UPCOMING = "upcoming", _("срок приближается")
    MISSED = "missed", _("срок пропущен")


class TaskReminder(models.Model):
    """One reminder mail about a task on one day: the row makes sending idempotent."""

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("мероприятие")
    )
    kind = models.CharField(_("вид"), max_length=10, choices=ReminderKind.choices)
    sent_on = models.DateField(_("дата отправки"))
    due_date = models.DateField(_("срок на момент отправки"))
    recipients = models.JSONField(_("получатели"), default=list)
    created_at = models.DateTimeField(_("отправлено"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "-id"]
        verbose_name = _("напоминание")
        verbose_name_plural = _("напоминания")
        constraints = [
            models.UniqueConstraint(
                fields=["task", "kind", "sent_on"], name="plan_reminder_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.task} — {self.get_kind_display()} {self.sent_on}"
