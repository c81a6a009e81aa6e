from collections import Counter

import pytest

from zemlyaki.core.models import FederalDistrict, Region
from zemlyaki.core.reference import load_reference, read_reference


@pytest.mark.django_db
def test_reference_loaded_by_migration():
    assert Region.objects.count() == 89
    assert FederalDistrict.objects.count() == 8
    tambov = Region.objects.get(code="68")
    assert tambov.name == "Тамбовская область"
    assert tambov.kind == "oblast"
    assert tambov.iso_code == "RU-TAM"
    assert tambov.federal_district.name == "Центральный федеральный округ"
    moscow = Region.objects.get(code="77")
    assert (moscow.name, moscow.kind, moscow.iso_code) == ("Москва", "federal_city", "RU-MOW")


@pytest.mark.django_db
def test_load_reference_is_idempotent():
    assert load_reference() == (0, 0)
    assert Region.objects.count() == 89


def test_reference_file_is_consistent():
    data = read_reference()
    regions = data["regions"]
    assert len(regions) == 89
    assert len({r["code"] for r in regions}) == 89
    assert len({r["name"] for r in regions}) == 89
    kinds = Counter(r["kind"] for r in regions)
    assert kinds == {
        "republic": 24,
        "krai": 9,
        "oblast": 48,
        "federal_city": 3,
        "autonomous_oblast": 1,
        "autonomous_okrug": 4,
    }
    per_district = Counter(r["federal_district"] for r in regions)
    assert per_district == {
        "CFD": 18, "NWFD": 11, "SFD": 12, "NCFD": 7, "VFD": 14, "UFD": 6, "SibFD": 10, "FEFD": 11,
    }  # fmt: skip
    assert all(r["iso_code"] == "" or r["iso_code"].startswith("RU-") for r in regions)
    assert sum(1 for r in regions if r["iso_code"]) == 83
    assert data["_sources"]
