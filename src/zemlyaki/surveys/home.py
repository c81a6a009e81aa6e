"""Questionnaires on the home page: the open ones (for members), the results of a leader's
association, and the coordinator's figure of questionnaires open."""

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.core.registries import HomeItem
from zemlyaki.core.typography import count, plural

from .models import ResponseStatus, Survey
from .selectors import open_surveys


def _open_now() -> Any:
    today = timezone.localdate()
    return (
        Survey.objects.filter(is_published=True)
        .filter(Q(opens_on__isnull=True) | Q(opens_on__lte=today))
        .filter(Q(closes_on__isnull=True) | Q(closes_on__gte=today))
    )


def open_questionnaires(request: Any) -> dict[str, Any]:
    items = [
        {
            "title": survey.title,
            "url": survey.public_url(),
            "meta": _("до %(date)s") % {"date": survey.closes_on.strftime("%d.%m.%Y")}
            if survey.closes_on
            else "",
        }
        for survey in open_surveys(timezone.localdate())[:10]
    ]
    return {"key": "surveys:open", "title": _("Открытые анкеты"), "items": items}


def results_of_my_associations(request: Any) -> dict[str, Any]:
    """Questionnaires of the leader's associations that have answers to read."""
    surveys = (
        Survey.objects.filter(association__leaders=request.user)
        .annotate(
            submitted=Count("responses", filter=Q(responses__status=ResponseStatus.SUBMITTED))
        )
        .filter(submitted__gt=0)
        .order_by("-created_at", "-id")
        .values_list("pk", "title", "submitted")[:10]
    )
    items = [
        {
            "title": _("Итоги анкеты «%(title)s»") % {"title": title},
            "url": reverse("surveys:survey_results", args=[pk]),
            "meta": count(submitted, _("ответ,ответа,ответов")),
        }
        for pk, title, submitted in surveys
    ]
    return {"key": "surveys:results", "title": _("Итоги анкет"), "items": items}


def questionnaires_open(request: Any) -> dict[str, Any]:
    n = _open_now().count()
    return {
        "key": "surveys:open-count",
        "value": n,
        "label": plural(n, _("анкета открыта,анкеты открыты,анкет открыто")),
        "url": reverse("surveys:survey_list"),
    }


ITEMS = [
    HomeItem(
        "surveys:open",
        "core/partials/_home_list.html",
        open_questionnaires,
        roles=frozenset({"member", "leader"}),
        order=70,
    ),
    HomeItem(
        "surveys:results",
        "core/partials/_home_list.html",
        results_of_my_associations,
        roles=frozenset({"leader"}),
        order=40,
    ),
    HomeItem(
        "surveys:open-count",
        "core/partials/_home_figure.html",
        questionnaires_open,
        roles=frozenset({"coordinator"}),
        order=40,
        kind="figure",
    ),
]
