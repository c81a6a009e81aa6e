from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Stamped(models.Model):
    """The fields most models carry: when created and changed, and by whom. New apps start
    their models from it instead of writing the three fields out again."""

    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("автор"),
    )

    class Meta:
        abstract = True


class FederalDistrict(models.Model):
    code = models.CharField(_("код"), max_length=8, unique=True)
    name = models.CharField(_("наименование"), max_length=100, unique=True)
    short_name = models.CharField(_("сокращение"), max_length=10)
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("федеральный округ")
        verbose_name_plural = _("федеральные округа")

    def __str__(self) -> str:
        return self.name


class RegionKind(models.TextChoices):
    REPUBLIC = "republic", _("республика")
    KRAI = "krai", _("край")
    OBLAST = "oblast", _("область")
    FEDERAL_CITY = "federal_city", _("город федерального значения")
    AUTONOMOUS_OBLAST = "autonomous_oblast", _("автономная область")
    AUTONOMOUS_OKRUG = "autonomous_okrug", _("автономный округ")


class Region(models.Model):
    """A federal subject of the Russian Federation (article 65 of the Constitution)."""

    code = models.CharField(_("код субъекта"), max_length=2, unique=True)
    name = models.CharField(_("наименование"), max_length=120, unique=True)
    kind = models.CharField(_("вид"), max_length=20, choices=RegionKind.choices)
    iso_code = models.CharField(_("код ISO 3166-2"), max_length=8, blank=True)
    federal_district = models.ForeignKey(
        FederalDistrict,
        on_delete=models.PROTECT,
        related_name="regions",
        verbose_name=_("федеральный округ"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("субъект Российской Федерации")
        verbose_name_plural = _("субъекты Российской Федерации")

    def __str__(self) -> str:
        return self.name


class AuditAction(models.TextChoices):
    CREATE = "create", _("создание")
    UPDATE = "update", _("изменение")
    DELETE = "delete", _("удаление")


class AuditEntry(models.Model):
    """Who changed which object, when, and the fields before and after."""

    created_at = models.DateTimeField(_("когда"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто"),
    )
    actor_repr = models.CharField(_("кто (на момент записи)"), max_length=150, blank=True)
    action = models.CharField(_("действие"), max_length=10, choices=AuditAction.choices)
    object_type = models.CharField(_("тип объекта"), max_length=60, db_index=True)
    object_id = models.CharField(_("идентификатор объекта"), max_length=64, db_index=True)
    object_repr = models.CharField(_("объект"), max_length=255)
    before = models.JSONField(_("до"), default=dict, blank=True)
    after = models.JSONField(_("после"), default=dict, blank=True)
    comment = models.CharField(_("комментарий"), max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("запись журнала изменений")
        verbose_name_plural = _("журнал изменений")
        indexes = [models.Index(fields=["object_type", "object_id", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"

    def changed_fields(self) -> list[tuple[str, object, object]]:
        keys = sorted(set(self.before) | set(self.after))
        return [
            (key, self.before.get(key), self.after.get(key))
            for key in keys
            if self.before.get(key) != self.after.get(key)
        ]


class ScheduledRun(models.Model):
    """The last run of a regular job (``zemlyaki schedule``): when it started and ended,
    and how. The row is also the job's lock: a run is claimed by moving ``started_at``."""

    name = models.CharField(_("задание"), max_length=60, unique=True)
    started_at = models.DateTimeField(_("начато"), null=True, blank=True)
    finished_at = models.DateTimeField(_("закончено"), null=True, blank=True)
    ok = models.BooleanField(_("без ошибок"), null=True)
    message = models.TextField(_("итог"), blank=True)

    class Meta:
        verbose_name = _("регулярное задание")
        verbose_name_plural = _("регулярные задания")

    def __str__(self) -> str:
        return self.name
