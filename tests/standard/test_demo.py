import pytest

from zemlyaki.registry.demo import load as load_registry
from zemlyaki.standard.demo import load
from zemlyaki.standard.models import Answer, AnswerMessage, Assessment, Criterion
from zemlyaki.standard.selectors import ranking

pytestmark = pytest.mark.django_db


def test_demo_has_blocks_criteria_two_years_reviews_returns_and_a_missing_one():
    load_registry(lambda s: None)
    lines = load(lambda s: None)
    assert lines and Criterion.objects.count() == 20
    assert Criterion.objects.values("block").distinct().count() == 6
    assert Criterion.objects.exclude(check_code="").count() == 3
    by_year = {y: Assessment.objects.filter(year=y).count() for y in (2024, 2025)}
    assert by_year[2024] >= 8 and by_year[2025] >= 8
    statuses = set(Assessment.objects.filter(year=2025).values_list("status", flat=True))
    assert {"accepted", "returned", "submitted"} <= statuses
    assert Answer.objects.filter(review_status="lowered").exists()
    assert AnswerMessage.objects.filter(kind="answer", text="Протокол приложен.").exists()
    result = ranking(2025)
    assert len(result["missing"]) >= 1 and len(result["rows"]) >= 8
    assert all(a.is_demo for a in Assessment.objects.all())
