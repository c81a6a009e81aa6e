"""Reference data kept in the repository: federal districts and the 89 federal subjects."""

import json
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).parent / "data" / "regions.json"


def read_reference() -> dict[str, Any]:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def load_reference(district_model: Any = None, region_model: Any = None) -> tuple[int, int]:
    """Create or update the districts and regions; safe to run any number of times.

    Models may be passed in (historical models in a migration). Returns the number of
    rows created for districts and regions.
    """
    if district_model is None or region_model is None:
        from .models import FederalDistrict, Region

        district_model, region_model = FederalDistrict, Region
    data = read_reference()
    created_districts = created_regions = 0
    districts = {}
    for item in data["federal_districts"]:
        obj, created = district_model.objects.update_or_create(
            code=item["code"],
            defaults={
                "name": item["name"],
                "short_name": item["short_name"],
                "order": item["order"],
            },
        )
        districts[item["code"]] = obj
        created_districts += created
    for item in data["regions"]:
        _, created = region_model.objects.update_or_create(
            code=item["code"],
            defaults={
                "name": item["name"],
                "kind": item["kind"],
                "iso_code": item["iso_code"],
                "federal_district": districts[item["federal_district"]],
            },
        )
        created_regions += created
    from django.core.cache import cache

    from .selectors import REFERENCE_CACHE_KEY

    cache.delete(REFERENCE_CACHE_KEY)
    return created_districts, created_regions
