"""Measures of the questionnaires for indicators (``core.registries.measures``)."""

from typing import Any

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from zemlyaki.core.registries import Measure, Period

from .models import Invitation, Response, ResponseStatus


def response_rate(association: Any, period: Period) -> float:
    """Of the personal invitations to questionnaires made within the period (to the
    association's members, or to all), the share answered, in percent; 0 without any."""
    invitations = Invitation.objects.filter(
        created_at__date__gte=period.start, created_at__date__lte=period.end
    )
    if association is not None:
        invitations = invitations.filter(association=association)
    answered = Response.objects.filter(
        survey=OuterRef("survey"), person=OuterRef("person"), status=ResponseStatus.SUBMITTED
    )
    total = invitations.count()
    if not total:
        return 0.0
    done = invitations.filter(Exists(answered)).count()
    return round(100 * done / total, 2)


MEASURES = [Measure("surveys.response_rate", _("Доля ответивших на анкеты"), _("%"), response_rate)]
