import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zemlyaki.core.validators import validate_inn, validate_ogrn
from zemlyaki.core.visibility import PublicQuerySet


class AssociationStatus(models.TextChoices):
    ACTIVE = "active", _("действующее")
    SUSPENDED = "suspended", _("приостановлено")
    LIQUIDATED = "liquidated", _("ликвидировано")


class LegalForm(models.TextChoices):
    REGIONAL_PUBLIC = "rpo", _("региональная общественная организация")
    INTERREGIONAL_PUBLIC = "mrpo", _("межрегиональная общественная организация")
    PUBLIC_MOVEMENT = "movement", _("общественное движение")
    AUTONOMOUS_NONPROFIT = "ano", _("автономная некоммерческая организация")
    NONPROFIT_PARTNERSHIP = "partnership", _("некоммерческое партнёрство")
    UNREGISTERED = "unregistered", _("без образования юридического лица")


def current_year() -> int:
    return datetime.date.today().year


class AssociationQuerySet(PublicQuerySet["Association"]):
    """The catalogue is public: every association is read by everyone, guests included."""


class StakeholderQuerySet(PublicQuerySet["Stakeholder"]):
    """Stakeholders are public (their contacts are a separate permission)."""


class Association(models.Model):
    """An association (землячество) of people from one region living in Moscow."""

    name = models.CharField(_("полное наименование"), max_length=300)
    short_name = models.CharField(_("краткое наименование"), max_length=150, blank=True)
    slug = models.SlugField(_("адрес в системе"), max_length=80, unique=True, allow_unicode=False)
    regions = models.ManyToManyField(
        "core.Region", related_name="associations", verbose_name=_("малая родина (субъекты РФ)")
    )
    legal_form = models.CharField(
        _("организационно-правовая форма"),
        max_length=20,
        choices=LegalForm.choices,
        default=LegalForm.REGIONAL_PUBLIC,
    )
    ogrn = models.CharField(_("ОГРН"), max_length=15, blank=True, validators=[validate_ogrn])
    inn = models.CharField(_("ИНН"), max_length=12, blank=True, validators=[validate_inn])
    founded_year = models.PositiveSmallIntegerField(
        _("год основания"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1850), MaxValueValidator(2100)],
    )
    address = models.CharField(_("адрес в Москве"), max_length=300, blank=True)
    phone = models.CharField(_("телефон"), max_length=40, blank=True)
    email = models.EmailField(_("электронная почта"), blank=True)
    website = models.URLField(_("сайт"), blank=True)
    social_links = models.JSONField(_("социальные сети"), default=list, blank=True)
    description = models.TextField(_("описание"), blank=True)
    status = models.CharField(
        _("статус"),
        max_length=20,
        choices=AssociationStatus.choices,
        default=AssociationStatus.ACTIVE,
    )
    logo = models.ImageField(_("логотип"), upload_to="logos/", blank=True)
    leaders = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="led_associations",
        verbose_name=_("руководители (учётные записи)"),
    )
    is_demo = models.BooleanField(_("демонстрационная запись"), default=False)
    search_text = models.TextField(editable=False, default="", db_index=False)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    objects = AssociationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("землячество")
        verbose_name_plural = _("землячества")

    def __str__(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("registry:association_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.founded_year and self.founded_year > current_year():
            raise ValidationError(
                {"founded_year": _("Год основания не может быть в будущем.")}, code="future"
            )


class StakeholderKind(models.TextChoices):
    """The ten kinds of stakeholders the strategy proposal names."""

    RUSSIAN_FEDERATION = "russian_federation", _("Российская Федерация")
    REGION_OF_ACTIVITY = "region_of_activity", _("Регион — поприще")
    HOME_REGION = "home_region", _("Регион — малая родина")
    PARTNER_REGIONS = "partner_regions", _("Регионы — соседи и партнёры")
    ASSOCIATIONS = "associations", _("Землячества")
    MEMBERS = "members", _("Члены землячеств")
    COMMUNITY = "community", _("Сообщество землячеств")
    BUSINESS = "business", _("Предпринимательство")
    MEDIA = "media", _("СМИ")
    PUBLIC_INSTITUTIONS = (
        "public_institutions",
        _(
            "Общественные учреждения и объединения (образование, здравоохранение, социальные "
            "службы, культура, спорт, НКО и пр.)"
        ),
    )


class Stakeholder(models.Model):
    """A party interested in the strategy (субъект стратегии)."""

    kind = models.CharField(_("вид"), max_length=30, choices=StakeholderKind.choices)
    name = models.CharField(_("организация"), max_length=300)
    contact_person = models.CharField(_("контактное лицо"), max_length=200, blank=True)
    phone = models.CharField(_("телефон"), max_length=40, blank=True)
    email = models.EmailField(_("электронная почта"), blank=True)
    website = models.URLField(_("сайт"), blank=True)
    regions = models.ManyToManyField(
        "core.Region", blank=True, related_name="stakeholders", verbose_name=_("регионы")
    )
    association = models.ForeignKey(
        Association,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stakeholder_entries",
        verbose_name=_("землячество"),
    )
    description = models.TextField(_("описание"), blank=True)
    is_demo = models.BooleanField(_("демонстрационная запись"), default=False)
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    objects = StakeholderQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("субъект стратегии")
        verbose_name_plural = _("субъекты стратегии")

    def __str__(self) -> str:
        return self.name
