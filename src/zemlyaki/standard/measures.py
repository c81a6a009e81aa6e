"""The standard's measure for indicators (``core.registries.measures``)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from zemlyaki.core.registries import Measure, Period

from .selectors import score_percent


def standard_score(association: Any, period: Period) -> float:
    """The score by the standard, in percent, for the year the period ends in."""
    return score_percent(association, period.end.year)


MEASURES = [Measure("standard.score", _("Балл по стандарту работы"), _("%"), standard_score)]
