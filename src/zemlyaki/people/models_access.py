"""Models of access to the platform and of the rights of a data subject: the log of who
read personal data, invitations that link a login to a person's card, and requests to
erase their data."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# 152-FZ: a request of the data subject is answered within this many days.
ERASURE_TERM_DAYS = 30


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("ожидает ответа")
    ACCEPTED = "accepted", _("принято")
    REVOKED = "revoked", _("отозвано")
    EXPIRED = "expired", _("истёк срок")


class PersonInvitation(models.Model):
    """A one-time link, sent by e-mail, that lets a person get a login tied to their card.

    Only the hash of the link's token is stored."""

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("участник"),
    )
    email = models.EmailField(_("электронная почта"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто пригласил"),
    )
    created_at = models.DateTimeField(_("отправлено"), auto_now_add=True)
    expires_at = models.DateTimeField(_("действует до"))
    accepted_at = models.DateTimeField(_("принято"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("учётная запись"),
    )
    # The keyed hash of the address a new login was made from: only for the hourly limit.
    accepted_client_key = models.CharField(max_length=64, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("отозвано"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто отозвал"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("приглашение в учётную запись")
        verbose_name_plural = _("приглашения в учётную запись")

    def __str__(self) -> str:
        return str(_("Приглашение № %(id)s") % {"id": self.pk})

    @property
    def status(self) -> str:
        if self.accepted_at:
            return InvitationStatus.ACCEPTED
        if self.revoked_at:
            return InvitationStatus.REVOKED
        if self.expires_at <= timezone.now():
            return InvitationStatus.EXPIRED
        return InvitationStatus.PENDING

    def get_status_display(self) -> str:
        return str(InvitationStatus(self.status).label)

    @property
    def is_pending(self) -> bool:
        return self.status == InvitationStatus.PENDING


class ErasureStatus(models.TextChoices):
    PENDING = "pending", _("ждёт решения")
    DONE = "done", _("данные удалены")
    REFUSED = "refused", _("отказано")


class ErasureRequest(models.Model):
    """A person's request to erase their personal data; a coordinator carries it out or
    refuses with a reason within the legal term."""

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="erasure_requests",
        verbose_name=_("участник"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто запросил"),
    )
    requested_at = models.DateTimeField(_("запрошено"), auto_now_add=True)
    due_on = models.DateField(_("срок ответа"))
    comment = models.TextField(_("пояснение участника"), blank=True, max_length=2000)
    status = models.CharField(
        _("состояние"),
        max_length=10,
        choices=ErasureStatus.choices,
        default=ErasureStatus.PENDING,
        db_index=True,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто решил"),
    )
    decided_at = models.DateTimeField(_("решено"), null=True, blank=True)
    refusal_reason = models.TextField(_("причина отказа"), blank=True, max_length=2000)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("запрос на удаление персональных данных")
        verbose_name_plural = _("запросы на удаление персональных данных")
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status="pending"),
                name="people_erasure_one_pending",
            )
        ]

    def __str__(self) -> str:
        return str(_("Запрос на удаление № %(id)s") % {"id": self.pk})

    @staticmethod
    def due_date(requested: datetime.date) -> datetime.date:
        return requested + datetime.timedelta(days=ERASURE_TERM_DAYS)

    @property
    def is_overdue(self) -> bool:
        return self.status == ErasureStatus.PENDING and self.due_on < timezone.localdate()


class AccessAction(models.TextChoices):
    VIEW_LIST = "view_list", _("просмотр списка членов")
    SEARCH = "search", _("поиск")
    EXPORT = "export", _("выгрузка")
    VIEW_PERSON = "view_person", _("просмотр карточки")


class AccessLogEntry(models.Model):
    """Who looked at personal data, when, with what query and how many rows they got."""

    created_at = models.DateTimeField(_("когда"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("кто"),
    )
    user_repr = models.CharField(_("кто (на момент записи)"), max_length=150)
    action = models.CharField(_("действие"), max_length=20, choices=AccessAction.choices)
    query = models.JSONField(_("запрос"), default=dict, blank=True)
    rows = models.PositiveIntegerField(_("строк"), default=0)
    association = models.ForeignKey(
        "registry.Association",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("землячество"),
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("участник"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("запись журнала доступа")
        verbose_name_plural = _("журнал доступа к персональным данным")

    def __str__(self) -> str:
        return f"{self.user_repr}: {self.get_action_display()}"
