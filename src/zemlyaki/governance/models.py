import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zemlyaki.core.visibility import PublicQuerySet, SignedInQuerySet


class BodyKind(models.TextChoices):
    WORKING_GROUP = "working_group", _("рабочая группа")
    EDITORIAL_GROUP = "editorial_group", _("редакционная группа")
    ORGANISING_COMMITTEE = "organising_committee", _("оргкомитет")
    EXPERT_COUNCIL = "expert_council", _("расширенный экспертный совет")
    EXECUTIVE = "executive", _("исполнительный орган")
    CONTROL = "control", _("контрольный орган")
    OTHER = "other", _("другой орган")


class QuorumRule(models.TextChoices):
    HALF = "half", _("более половины членов")
    TWO_THIRDS = "two_thirds", _("не менее двух третей членов")
    ANY = "any", _("без кворума")


class BodyQuerySet(PublicQuerySet["Body"]):
    """Bodies, their mandate and powers are public."""


class BodyMemberQuerySet(SignedInQuerySet["BodyMember"]):
    """The names of the members are shown to signed-in users."""

    def acting(self, on: datetime.date | None = None) -> "BodyMemberQuerySet":
        """Members who act for their body on ``on`` (today by default): their dates include
        the day and the body's term has not ended — a body past its term no longer acts,
        so its members lose what sitting on it gave them."""
        today = on or timezone.localdate()
        return (
            self.exclude(since__gt=today)
            .exclude(until__lt=today)
            .exclude(body__term_until__lt=today)
        )


class Body(models.Model):
    """A working body: it holds powers, and its members act with them."""

    kind = models.CharField(_("вид"), max_length=30, choices=BodyKind.choices)
    name = models.CharField(_("наименование"), max_length=300)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("входит в"),
    )
    mandate = models.TextField(_("задачи и полномочия (текст)"), blank=True)
    formed_on = models.DateField(_("сформирован"), null=True, blank=True)
    term_until = models.DateField(_("срок полномочий до"), null=True, blank=True)
    quorum_rule = models.CharField(
        _("кворум"), max_length=20, choices=QuorumRule.choices, default=QuorumRule.HALF
    )
    is_demo = models.BooleanField(_("демонстрационная запись"), default=False)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)

    objects = BodyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("орган")
        verbose_name_plural = _("органы")

    def __str__(self) -> str:
        return self.name


class Position(models.TextChoices):
    CHAIR = "chair", _("председатель")
    DEPUTY = "deputy", _("заместитель председателя")
    SECRETARY = "secretary", _("секретарь")
    MEMBER = "member", _("член")


class BodyMember(models.Model):
    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="members", verbose_name=_("орган")
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="body_memberships",
        verbose_name=_("участник"),
    )
    position = models.CharField(
        _("должность"), max_length=20, choices=Position.choices, default=Position.MEMBER
    )
    stakeholder = models.ForeignKey(
        "registry.Stakeholder",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="representatives",
        verbose_name=_("представляет субъекта стратегии"),
    )
    since = models.DateField(_("с"), null=True, blank=True)
    until = models.DateField(_("по"), null=True, blank=True)

    objects = BodyMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("член органа")
        verbose_name_plural = _("члены органов")
        constraints = [
            models.UniqueConstraint(fields=["body", "person"], name="governance_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.body}"


class Power(models.Model):
    """A named action a body may perform, optionally limited to one object (a section,
    an association). ``scope_type``/``scope_id`` name that object; empty means everywhere."""

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="powers", verbose_name=_("орган")
    )
    code = models.CharField(_("полномочие"), max_length=60)
    scope_type = models.CharField(_("ограничено объектом типа"), max_length=60, blank=True)
    scope_id = models.CharField(_("идентификатор объекта"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("полномочие")
        verbose_name_plural = _("полномочия")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "code", "scope_type", "scope_id"], name="governance_power_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.body}: {self.code}"
