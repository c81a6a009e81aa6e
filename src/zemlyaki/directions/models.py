"""The catalogue of directions: state and regional policy and the associations' own.

One list for the whole platform: the reports analysis classifies findings to it, programs
name their directions from it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DirectionLevel(models.TextChoices):
    FEDERAL = "federal", _("федеральный")
    INTERREGIONAL = "interregional", _("межрегиональный")
    MOSCOW = "moscow", _("московский")
    REGIONAL = "regional", _("региональный (малой родины)")
    # Section 3 of the strategy names "own directions" of the associations beside policy.
    OWN = "own", _("собственное направление землячеств")


class Direction(models.Model):
    """A direction (направление): a node of the catalogue's tree."""

    code = models.SlugField(_("код"), max_length=40, unique=True)
    name = models.CharField(_("название"), max_length=200)
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("входит в"),
    )
    level = models.CharField(
        _("уровень"), max_length=20, choices=DirectionLevel.choices, default=DirectionLevel.OWN
    )
    region = models.ForeignKey(
        "core.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("регион (для регионального уровня)"),
    )
    description = models.TextField(_("описание"), blank=True)
    is_demo = models.BooleanField(_("демонстрационная запись"), default=False)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("направление")
        verbose_name_plural = _("направления")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        node, seen = self.parent, set()
        while node is not None:
            if node.pk is not None and (node.pk == self.pk or node.pk in seen):
                raise ValidationError(
                    {"parent": _("Направление не может входить само в себя.")}, code="cycle"
                )
            seen.add(node.pk)
            node = node.parent
        if self.level == DirectionLevel.REGIONAL and self.region_id is None:
            raise ValidationError({"region": _("Для регионального уровня укажите регион.")})


class DirectionSource(models.Model):
    """A document a direction comes from: a strategy, a decree, a state programme."""

    direction = models.ForeignKey(
        Direction, on_delete=models.CASCADE, related_name="sources", verbose_name=_("направление")
    )
    title = models.CharField(_("название документа"), max_length=500)
    number = models.CharField(_("номер"), max_length=60, blank=True)
    date = models.DateField(_("дата"), null=True, blank=True)
    url = models.URLField(_("адрес"), max_length=500, blank=True)

    class Meta:
        ordering = ["date", "title"]
        verbose_name = _("источник направления")
        verbose_name_plural = _("источники направлений")

    def __str__(self) -> str:
        return self.title
