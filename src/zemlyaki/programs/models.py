"""Development programs, the resources they need and the resources pledged to them."""

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .units import ResourceKind, Unit

STRATEGY_START = datetime.date(2024, 1, 1)
STRATEGY_END = datetime.date(2032, 12, 31)


class ProgramStatus(models.TextChoices):
    DRAFT = "draft", _("проект")
    APPROVED = "approved", _("утверждена")
    RUNNING = "running", _("выполняется")
    COMPLETED = "completed", _("завершена")
    STOPPED = "stopped", _("прекращена")


class Program(models.Model):
    """A development program of one association or of the whole community (association
    empty: the council's). Its tasks are a ``plan.Plan`` made on demand; indicators of
    the program will refer to it from the ``indicators`` app (``Indicator.program``)."""

    title = models.CharField(_("название"), max_length=300)
    goals = models.TextField(_("цели"), blank=True)
    association = models.ForeignKey(
        "registry.Association",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programs",
        verbose_name=_("землячество (пусто — всё сообщество)"),
    )
    directions = models.ManyToManyField(
        "directions.Direction", blank=True, related_name="programs", verbose_name=_("направления")
    )
    start = models.DateField(_("начало"))
    end = models.DateField(_("окончание"))
    responsible_body = models.ForeignKey(
        "governance.Body",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programs",
        verbose_name=_("ответственный орган"),
    )
    responsible_person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programs",
        verbose_name=_("ответственное лицо"),
    )
    status = models.CharField(
        _("статус"), max_length=20, choices=ProgramStatus.choices, default=ProgramStatus.DRAFT
    )
    plan = models.OneToOneField(
        "plan.Plan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="program",
        verbose_name=_("план мероприятий"),
    )
    is_demo = models.BooleanField(_("демонстрационная запись"), default=False)
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("программа")
        verbose_name_plural = _("программы")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors = {}
        if self.start and not STRATEGY_START <= self.start <= STRATEGY_END:
            errors["start"] = _("Срок программы — в пределах 2024–2032 годов.")
        if self.end and not STRATEGY_START <= self.end <= STRATEGY_END:
            errors["end"] = _("Срок программы — в пределах 2024–2032 годов.")
        if self.start and self.end and self.end < self.start and "end" not in errors:
            errors["end"] = _("Окончание не может быть раньше начала.")
        if errors:
            raise ValidationError(errors)


class StakeholderRepresentative(models.Model):
    """A person who speaks for a stakeholder: they may record its pledges."""

    stakeholder = models.ForeignKey(
        "registry.Stakeholder",
        on_delete=models.CASCADE,
        related_name="program_representatives",
        verbose_name=_("субъект стратегии"),
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="represented_stakeholders",
        verbose_name=_("представитель"),
    )
    position = models.CharField(_("должность"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("представитель субъекта")
        verbose_name_plural = _("представители субъектов")
        constraints = [
            models.UniqueConstraint(
                fields=["stakeholder", "person"], name="programs_representative_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.stakeholder}"


class ResourceNeed(models.Model):
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="needs", verbose_name=_("программа")
    )
    kind = models.CharField(_("вид ресурса"), max_length=20, choices=ResourceKind.choices)
    description = models.TextField(_("описание"), blank=True)
    quantity = models.DecimalField(_("количество"), max_digits=16, decimal_places=2)
    unit = models.CharField(_("единица"), max_length=20, choices=Unit.choices)
    start = models.DateField(_("нужен с"), null=True, blank=True)
    end = models.DateField(_("нужен по"), null=True, blank=True)
    needed_by = models.DateField(_("нужен к дате"), null=True, blank=True)
    created_at = models.DateTimeField(_("добавлена"), auto_now_add=True)

    class Meta:
        ordering = ["program", "kind", "id"]
        verbose_name = _("потребность в ресурсах")
        verbose_name_plural = _("потребности в ресурсах")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.quantity} {self.get_unit_display()}"


class PledgeStatus(models.TextChoices):
    PLEDGED = "pledged", _("обещано")
    CONFIRMED = "confirmed", _("подтверждено")
    DELIVERED = "delivered", _("выполнено")
    WITHDRAWN = "withdrawn", _("отозвано")


def evidence_upload_to(instance: "Pledge", filename: str) -> str:
    return f"pledges/{instance.program_id}/{filename}"


class Pledge(models.Model):
    """A resource pledged by a stakeholder, an association or a person, against a need
    or to a program directly; its states are PledgeStatus, changed by services only."""

    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="pledges", verbose_name=_("программа")
    )
    need = models.ForeignKey(
        ResourceNeed,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pledges",
        verbose_name=_("потребность"),
    )
    stakeholder = models.ForeignKey(
        "registry.Stakeholder",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pledges",
        verbose_name=_("субъект стратегии"),
    )
    association = models.ForeignKey(
        "registry.Association",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pledges",
        verbose_name=_("землячество"),
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pledges",
        verbose_name=_("участник"),
    )
    kind = models.CharField(_("вид ресурса"), max_length=20, choices=ResourceKind.choices)
    quantity = models.DecimalField(_("количество"), max_digits=16, decimal_places=2)
    unit = models.CharField(_("единица"), max_length=20, choices=Unit.choices)
    start = models.DateField(_("с"), null=True, blank=True)
    end = models.DateField(_("по"), null=True, blank=True)
    conditions = models.TextField(_("условия"), blank=True)
    contact = models.CharField(_("контакт"), max_length=300, blank=True)
    status = models.CharField(
        _("состояние"), max_length=20, choices=PledgeStatus.choices, default=PledgeStatus.PLEDGED
    )
    delivered_quantity = models.DecimalField(
        _("передано"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    evidence_file = models.FileField(
        _("подтверждающий документ или фото"), upload_to=evidence_upload_to, blank=True
    )
    evidence_url = models.URLField(_("ссылка на подтверждение"), max_length=500, blank=True)
    evidence_note = models.CharField(_("реквизиты документа"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("записал"),
    )
    confirmed_at = models.DateTimeField(_("подтверждено"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("выполнено"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("отозвано"), null=True, blank=True)
    is_demo = models.BooleanField(_("демонстрационная запись"), default=False)
    created_at = models.DateTimeField(_("записано"), auto_now_add=True)

    class Meta:
        ordering = ["program", "created_at", "id"]
        verbose_name = _("ресурсное обязательство")
        verbose_name_plural = _("ресурсные обязательства")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        stakeholder__isnull=False, association__isnull=True, person__isnull=True
                    )
                    | models.Q(
                        stakeholder__isnull=True, association__isnull=False, person__isnull=True
                    )
                    | models.Q(
                        stakeholder__isnull=True, association__isnull=True, person__isnull=False
                    )
                ),
                name="programs_pledge_one_source",
            )
        ]
        indexes = [models.Index(fields=["program", "status"])]

    def __str__(self) -> str:
        return f"{self.source}: {self.quantity} {self.get_unit_display()}"

    @property
    def source(self) -> Any:
        return self.stakeholder or self.association or self.person

    @property
    def is_partial(self) -> bool:
        return (
            self.status == PledgeStatus.DELIVERED
            and self.delivered_quantity is not None
            and self.delivered_quantity < self.quantity
        )


class BalanceCell(models.Model):
    """One program's figures for one kind of resource and unit, kept in step by the
    services that write needs and pledges (``programs/cells.py``). The balance of many
    programs — a direction's, an association's, the whole strategy's — adds these up
    instead of scanning every pledge."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="balance_cells", verbose_name=_("программа")
    )
    kind = models.CharField(_("вид ресурса"), max_length=20, choices=ResourceKind.choices)
    unit = models.CharField(_("единица"), max_length=20, choices=Unit.choices)
    needed = models.DecimalField(_("нужно"), max_digits=20, decimal_places=2, default=0)
    pledged = models.DecimalField(_("обещано"), max_digits=20, decimal_places=2, default=0)
    confirmed = models.DecimalField(_("подтверждено"), max_digits=20, decimal_places=2, default=0)
    waiting = models.DecimalField(
        _("подтверждено, ждёт передачи"), max_digits=20, decimal_places=2, default=0
    )
    delivered = models.DecimalField(_("передано"), max_digits=20, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("строка баланса программы")
        verbose_name_plural = _("строки баланса программ")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "kind", "unit"], name="programs_balancecell_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.program_id}: {self.kind}/{self.unit}"
