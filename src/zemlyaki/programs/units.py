"""Kinds of resources and the units each may be counted in. Figures are summed only
within one kind and one unit: roubles are never added to hours."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ResourceKind(models.TextChoices):
    MONEY = "money", _("деньги")
    PREMISES = "premises", _("помещение")
    INFORMATION = "information", _("информационная поддержка")
    EXPERTISE = "expertise", _("экспертиза")
    VOLUNTEERS = "volunteers", _("волонтёры")
    GOODS = "goods", _("товары и услуги")
    TRANSPORT = "transport", _("транспорт")
    ADMINISTRATIVE = "administrative", _("административная поддержка")
    OTHER = "other", _("иное")


class Unit(models.TextChoices):
    RUB = "rub", _("руб.")
    HOURS = "hours", _("часы")
    PERSON_DAYS = "person_days", _("человеко-дни")
    PEOPLE = "people", _("человек")
    SQM = "sqm", _("м²")
    PUBLICATIONS = "publications", _("публикации")
    PIECES = "pieces", _("штуки")
    TRIPS = "trips", _("поездки")
    SEATS = "seats", _("места")
    LETTERS = "letters", _("обращения и письма")


ALLOWED_UNITS: dict[str, tuple[str, ...]] = {
    ResourceKind.MONEY: (Unit.RUB,),
    ResourceKind.PREMISES: (Unit.SQM, Unit.HOURS, Unit.SEATS),
    ResourceKind.INFORMATION: (Unit.PUBLICATIONS, Unit.HOURS),
    ResourceKind.EXPERTISE: (Unit.HOURS, Unit.PERSON_DAYS),
    ResourceKind.VOLUNTEERS: (Unit.PERSON_DAYS, Unit.HOURS, Unit.PEOPLE),
    ResourceKind.GOODS: (Unit.PIECES, Unit.RUB),
    ResourceKind.TRANSPORT: (Unit.TRIPS, Unit.HOURS, Unit.SEATS),
    ResourceKind.ADMINISTRATIVE: (Unit.LETTERS, Unit.HOURS, Unit.PIECES),
    ResourceKind.OTHER: tuple(Unit.values),
}


def unit_allowed(kind: str, unit: str) -> bool:
    return unit in ALLOWED_UNITS.get(kind, ())


def allowed_units_label(kind: str) -> str:
    return ", ".join(str(Unit(u).label) for u in ALLOWED_UNITS.get(kind, ()))
