from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Person(models.Model):
    """One human, one record, whatever associations they belong to."""

    last_name = models.CharField(_("фамилия"), max_length=100)
    first_name = models.CharField(_("имя"), max_length=100)
    patronymic = models.CharField(_("отчество"), max_length=100, blank=True)
    birth_date = models.DateField(_("дата рождения"), null=True, blank=True)
    phone = models.CharField(_("телефон"), max_length=12, blank=True, db_index=True)
    email = models.EmailField(_("электронная почта"), blank=True, db_index=True)
    home_region = models.ForeignKey(
        "core.Region",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="natives",
        verbose_name=_("малая родина"),
    )
    home_place = models.CharField(_("населённый пункт малой родины"), max_length=200, blank=True)
    moscow_district = models.CharField(_("район проживания в Москве"), max_length=100, blank=True)
    occupation = models.CharField(_("профессия, должность"), max_length=200, blank=True)
    workplace = models.CharField(_("место работы"), max_length=300, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("учётная запись"),
    )
    is_demo = models.BooleanField(_("демонстрационная запись"), default=False)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name", "patronymic"]
        verbose_name = _("участник")
        verbose_name_plural = _("участники")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)


class MembershipRole(models.TextChoices):
    CHAIR = "chair", _("председатель")
    DEPUTY = "deputy", _("заместитель председателя")
    SECRETARY = "secretary", _("секретарь")
    COUNCIL = "council", _("член совета")
    MEMBER = "member", _("член")
    HONORARY = "honorary", _("почётный член")


class Membership(models.Model):
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("участник")
    )
    association = models.ForeignKey(
        "registry.Association",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("землячество"),
    )
    role = models.CharField(
        _("роль"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    since = models.DateField(_("с"), null=True, blank=True)
    until = models.DateField(_("по"), null=True, blank=True)

    class Meta:
        verbose_name = _("членство")
        verbose_name_plural = _("членства")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "association"], name="people_membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.association}"
