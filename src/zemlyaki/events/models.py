from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zemlyaki.core.urls_public import validate_link
from zemlyaki.core.visibility import VisibleQuerySet, signed_in


class EventKind(models.TextChoices):
    ROUND_TABLE = "round_table", _("круглый стол")
    STRATEGIC_SESSION = "strategic_session", _("стратегическая сессия")
    BODY_MEETING = "body_meeting", _("заседание органа")
    GENERAL_MEETING = "general_meeting", _("общее собрание")
    OTHER = "other", _("другое мероприятие")


class EventStatus(models.TextChoices):
    PLANNED = "planned", _("готовится")
    HELD = "held", _("проведено")
    CANCELLED = "cancelled", _("отменено")


class EventQuerySet(VisibleQuerySet["Event"]):
    """Open events are public; the rest are read by signed-in users."""

    def visible_to(self, user: Any) -> "EventQuerySet":
        return self.all() if signed_in(user) else self.filter(is_public=True)

    def admits(self, user: Any, obj: "Event") -> bool:
        return signed_in(user) or obj.is_public


class DecisionQuerySet(VisibleQuerySet["Decision"]):
    """Decisions are read with their event: of open events by everyone."""

    def visible_to(self, user: Any) -> "DecisionQuerySet":
        return self.all() if signed_in(user) else self.filter(event__is_public=True)

    def admits(self, user: Any, obj: "Decision") -> bool:
        return signed_in(user) or obj.event.is_public


class Event(models.Model):
    kind = models.CharField(_("вид"), max_length=30, choices=EventKind.choices)
    title = models.CharField(_("название"), max_length=300)
    starts_at = models.DateTimeField(_("начало"))
    ends_at = models.DateTimeField(_("окончание"), null=True, blank=True)
    place = models.CharField(_("место проведения"), max_length=300, blank=True)
    online_url = models.URLField(_("ссылка для участия онлайн"), blank=True)
    organiser = models.ForeignKey(
        "governance.Body",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("организатор (орган)"),
    )
    capacity = models.PositiveIntegerField(
        _("число мест"), null=True, blank=True, help_text=_("Пусто — без ограничения.")
    )
    description = models.TextField(_("описание"), blank=True)
    preparation = models.TextField(
        _("подготовка: сведения для участников"),
        blank=True,
        help_text=_("Текст страницы подготовки: что прочесть, что заполнить, как добраться."),
    )
    questionnaire_url = models.CharField(
        _("ссылка на анкету"),
        max_length=500,
        blank=True,
        validators=[validate_link],
        help_text=_("Адрес анкеты на этом сайте (например, /s/anketa/) или полный адрес."),
    )
    registration_open = models.BooleanField(_("регистрация открыта"), default=True)
    is_public = models.BooleanField(_("открытое мероприятие"), default=True)
    status = models.CharField(
        _("состояние"), max_length=20, choices=EventStatus.choices, default=EventStatus.PLANNED
    )
    minutes = models.TextField(_("протокол"), blank=True)
    reminder_sent_at = models.DateTimeField(_("напоминание отправлено"), null=True, blank=True)
    is_demo = models.BooleanField(_("демонстрационная запись"), default=False)
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("мероприятие")
        verbose_name_plural = _("мероприятия")
        indexes = [models.Index(fields=["starts_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("events:event_detail", kwargs={"pk": self.pk})

    @property
    def accepts_registration(self) -> bool:
        """Anyone may register by the event's link now: an open event, still being
        prepared, whose registration the organiser has not closed. The organiser's mark
        ``registration_open`` alone does not open a closed, held or cancelled event; the
        invited register through their invitation whatever this says."""
        return self.is_public and self.registration_open and self.status == EventStatus.PLANNED


class AgendaItem(models.Model):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="agenda", verbose_name=_("мероприятие")
    )
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)
    title = models.CharField(_("вопрос"), max_length=300)
    duration_minutes = models.PositiveSmallIntegerField(_("продолжительность, мин"), default=15)
    speaker = models.CharField(_("докладчик"), max_length=200, blank=True)
    # What the item discusses: a strategy section now, other objects later. This app sits
    # below strategy, so the reference is generic (content type + id), not a foreign key.
    subject_type = models.ForeignKey(
        ContentType,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("предмет обсуждения (вид)"),
    )
    subject_id = models.PositiveBigIntegerField(
        _("предмет обсуждения (номер)"), null=True, blank=True
    )
    subject = GenericForeignKey("subject_type", "subject_id")
    subject_title = models.CharField(_("предмет обсуждения"), max_length=300, blank=True)

    class Meta:
        ordering = ["event", "order", "pk"]
        verbose_name = _("пункт повестки")
        verbose_name_plural = _("пункты повестки")
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self) -> str:
        return self.title

    @property
    def section_id(self) -> int | None:
        """The strategy section discussed, when the subject is one (for the API)."""
        if self.subject_type_id is None:
            return None
        subject_type = ContentType.objects.get_for_id(self.subject_type_id)
        if (subject_type.app_label, subject_type.model) == ("strategy", "section"):
            return self.subject_id
        return None


class MaterialPhase(models.TextChoices):
    BEFORE = "before", _("к подготовке")
    AFTER = "after", _("по итогам")


class Material(models.Model):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="materials", verbose_name=_("мероприятие")
    )
    phase = models.CharField(
        _("когда"), max_length=10, choices=MaterialPhase.choices, default=MaterialPhase.BEFORE
    )
    title = models.CharField(_("название"), max_length=300)
    url = models.URLField(_("ссылка"), blank=True)
    file = models.FileField(_("файл"), upload_to="events/materials/", blank=True)
    created_at = models.DateTimeField(_("добавлен"), auto_now_add=True)

    class Meta:
        ordering = ["phase", "pk"]
        verbose_name = _("материал")
        verbose_name_plural = _("материалы")

    def __str__(self) -> str:
        return self.title


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("ожидает ответа")
    ACCEPTED = "accepted", _("придёт")
    DECLINED = "declined", _("не придёт")


class Invitation(models.Model):
    """A personal invitation; the link in it carries a token of which only the hash is kept."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("мероприятие")
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_invitations",
        verbose_name=_("участник"),
    )
    name = models.CharField(_("кому"), max_length=300)
    email = models.EmailField(_("электронная почта"), blank=True)
    via_body = models.ForeignKey(
        "governance.Body",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("приглашён как член органа"),
    )
    via_stakeholder = models.ForeignKey(
        "registry.Stakeholder",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("приглашён как представитель"),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(
        _("ответ"),
        max_length=20,
        choices=InvitationStatus.choices,
        default=InvitationStatus.PENDING,
    )
    sent_at = models.DateTimeField(_("отправлено"), null=True, blank=True)
    replied_at = models.DateTimeField(_("ответ получен"), null=True, blank=True)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("приглашение")
        verbose_name_plural = _("приглашения")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=Q(person__isnull=False),
                name="events_invitation_person_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.event}"


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("подтверждена")
    WAITLISTED = "waitlisted", _("в листе ожидания")
    CANCELLED = "cancelled", _("отменена")


class Registration(models.Model):
    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("мероприятие"),
    )
    name = models.CharField(_("имя"), max_length=200)
    email = models.EmailField(_("электронная почта"))
    email_key = models.CharField(max_length=254, editable=False)
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("участник"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("учётная запись"),
    )
    invitation = models.ForeignKey(
        Invitation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("по приглашению"),
    )
    status = models.CharField(_("состояние"), max_length=20, choices=RegistrationStatus.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    client_key = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    attended_at = models.DateTimeField(_("отмечен на мероприятии"), null=True, blank=True)
    created_at = models.DateTimeField(_("зарегистрирован"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("регистрация")
        verbose_name_plural = _("регистрации")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email_key"],
                condition=~Q(status="cancelled"),
                name="events_registration_active_email_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.event}"


class DecisionEffect(models.TextChoices):
    NONE = "none", _("без действий в платформе")
    APPROVE_PLAN = "approve_plan", _("утвердить план")
    CREATE_TASKS = "create_tasks", _("поставить задачи плана")
    SECTION_POSITION = "section_position", _("согласовать позицию по разделу стратегии")
    APPROVE_DOCUMENT = "approve_document", _("утвердить документ стратегии")


class Decision(models.Model):
    """A decision in the minutes: text, vote, quorum, and what it does in the platform.

    The object it acts on (a plan, a strategy document or section) is a generic reference
    through ``django.contrib.contenttypes``: this app does not import plan or strategy.
    """

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("мероприятие")
    )
    number = models.PositiveSmallIntegerField(_("номер"))
    text = models.TextField(_("текст решения"))
    body = models.ForeignKey(
        "governance.Body",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("орган, принимающий решение"),
    )
    present = models.PositiveIntegerField(_("присутствовали"), default=0)
    votes_for = models.PositiveIntegerField(_("за"), default=0)
    votes_against = models.PositiveIntegerField(_("против"), default=0)
    votes_abstained = models.PositiveIntegerField(_("воздержались"), default=0)
    quorum_note = models.CharField(_("кворум"), max_length=300, blank=True)
    adopted = models.BooleanField(_("принято"), default=False)
    effect = models.CharField(
        _("действие"), max_length=30, choices=DecisionEffect.choices, default=DecisionEffect.NONE
    )
    target_content_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("объект решения (вид)"),
    )
    target_id = models.PositiveBigIntegerField(_("объект решения (номер)"), null=True, blank=True)
    target = GenericForeignKey("target_content_type", "target_id")
    payload = models.JSONField(_("данные решения"), default=dict, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("записал"),
    )
    created_at = models.DateTimeField(_("записано"), auto_now_add=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["event", "number"]
        verbose_name = _("решение")
        verbose_name_plural = _("решения")
        constraints = [
            models.UniqueConstraint(fields=["event", "number"], name="events_decision_number")
        ]
        indexes = [models.Index(fields=["target_content_type", "target_id"])]

    def __str__(self) -> str:
        return _("Решение № %(number)s: %(event)s") % {"number": self.number, "event": self.event}

    @property
    def target_type(self) -> str:
        """The target's model label (``plan.plan``), empty when there is none."""
        if self.target_content_type_id is None:
            return ""
        content_type = ContentType.objects.get_for_id(self.target_content_type_id)
        return f"{content_type.app_label}.{content_type.model}"
