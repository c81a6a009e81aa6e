"""The registry's block on the home page: the catalogue in figures, with its links."""

from typing import Any

from zemlyaki.core.models import Region

from .models import Association, Stakeholder


def catalogue_summary(request: Any) -> dict[str, Any]:
    return {
        "association_count": Association.objects.count(),
        "region_count": Region.objects.filter(associations__isnull=False).distinct().count(),
        "stakeholder_count": Stakeholder.objects.count(),
        "demo": Association.objects.filter(is_demo=True).exists(),
    }
