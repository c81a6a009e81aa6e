"""The registry's block on the home page: the catalogue in figures, with its links."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from zemlyaki.core.models import Region
from zemlyaki.core.registries import HomeItem
from zemlyaki.core.typography import plural

from .models import Association, Stakeholder


def catalogue_summary(request: Any) -> dict[str, Any]:
    return {
        "association_count": Association.objects.count(),
        "region_count": Region.objects.filter(associations__isnull=False).distinct().count(),
        "stakeholder_count": Stakeholder.objects.count(),
        "demo": Association.objects.filter(is_demo=True).exists(),
    }


def association_figure(request: Any) -> dict[str, Any]:
    n = Association.objects.count()
    return {
        "key": "registry:associations",
        "value": n,
        "label": plural(n, _("землячество,землячества,землячеств")),
        "url": reverse("registry:association_list"),
    }


ITEMS = [
    HomeItem(
        "registry:associations",
        "core/partials/_home_figure.html",
        association_figure,
        roles=frozenset({"coordinator"}),
        order=10,
        kind="figure",
    ),
]
