"""The registry's block on the home page: the catalogue in figures, with its links."""

from typing import Any

from django.db import connection
from django.urls import reverse
from django.utils.translation import gettext as _

from zemlyaki.core.registries import HomeItem
from zemlyaki.core.typography import plural

from .models import Association, Stakeholder


def catalogue_summary(request: Any) -> dict[str, Any]:
    """The catalogue in figures: associations, the regions they come from (those with at
    least one association), the strategy's stakeholders, and whether demo data is shown.
    One statement: the block is on the home page of every visitor, anonymous ones too."""
    quote = connection.ops.quote_name
    associations = quote(Association._meta.db_table)
    regions = quote(Association.regions.through._meta.db_table)
    region = quote(Association.regions.through._meta.get_field("region").column)
    demo = quote(Association._meta.get_field("is_demo").column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COUNT(*) FROM {associations}),"
            f" (SELECT COUNT(DISTINCT {region}) FROM {regions}),"
            f" (SELECT COUNT(*) FROM {quote(Stakeholder._meta.db_table)}),"
            f" EXISTS (SELECT 1 FROM {associations} WHERE {demo})"
        )
        association_count, region_count, stakeholder_count, shown = cursor.fetchone()
    return {
        "association_count": association_count,
        "region_count": region_count,
        "stakeholder_count": stakeholder_count,
        "demo": bool(shown),
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
