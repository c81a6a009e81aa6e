import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.accounts.factories import UserFactory
from zemlyaki.core.errors import Conflict, Forbidden, Invalid
from zemlyaki.indicators.models import Measurement, Stage, Target
from zemlyaki.indicators.selectors import community_series, indicator_view, stage_periods
from zemlyaki.indicators.services import (
    measurement_enter,
    measurement_fix,
    measurement_review,
    stages_set,
    target_set,
)

from .factories import controller, make_document, make_indicator, recorder

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 1)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="akt.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def indicator():
    document = make_document()
    return make_indicator(document, code="П1", targets={2026: 100})


def enter(indicator, actor, **kw):
    kw.setdefault("year", 2025)
    kw.setdefault("value", "42")
    kw.setdefault("evidence_url", "https://example.org/akt")
    return measurement_enter(actor=actor, indicator=indicator, today=TODAY, **kw)


def test_a_value_entered_without_kpi_record_is_refused_and_nothing_saved(indicator, member):
    with pytest.raises(Forbidden):
        enter(indicator, member)
    assert Measurement.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"year": 2027}, "period", "Нельзя внести значение за будущий период."),
        ({"year": 2019}, "period", "Год должен быть в пределах периода стратегии: 2024–2032."),
        ({"value": "-5"}, "value", "Значение не может быть отрицательным для этой единицы."),
        ({"value": "много"}, "value", "Введите число."),
        ({"evidence_url": ""}, "evidence", "Приложите файл или ссылку, подтверждающие значение."),
        ({"evidence_url": "javascript:alert(1)"}, "evidence",
         "Ссылка должна начинаться с http:// или https://."),
    ],
)  # fmt: skip
def test_bad_input_names_the_field_and_saves_nothing(indicator, changes, field, message):
    with pytest.raises(Invalid) as caught:
        enter(indicator, recorder(), **changes)
    assert caught.value.field_errors == {field: [message]}
    assert Measurement.objects.count() == 0


def test_evidence_of_a_forbidden_type_is_refused(indicator):
    script = SimpleUploadedFile("akt.pdf", b"#!/bin/sh\nrm -rf /\n", content_type="application/pdf")
    with pytest.raises(Invalid) as caught:
        enter(indicator, recorder(), evidence_url="", evidence_file=script)
    assert list(caught.value.field_errors) == ["evidence"]
    assert "text/x-shellscript" in caught.value.field_errors["evidence"][0]
    assert Measurement.objects.count() == 0


def test_review_accepts_and_returns_and_only_accepted_values_count(indicator):
    author, reviewer = recorder(), controller()
    first = enter(indicator, author, year=2024, value="30", evidence_file=pdf())
    assert first.status == "pending" and first.evidence_file.name.endswith(".pdf")
    assert community_series([indicator.pk]) == {}

    accepted = measurement_review(actor=reviewer, measurement=first, decision="accepted")
    assert accepted.status == "accepted" and accepted.reviewed_by == reviewer
    second = enter(indicator, author, year=2025, value="90")
    with pytest.raises(Invalid) as caught:
        measurement_review(actor=reviewer, measurement=second, decision="returned")
    assert list(caught.value.field_errors) == ["remarks"]
    returned = measurement_review(
        actor=reviewer, measurement=second, decision="returned", remarks="Нет подписи в акте"
    )
    assert returned.remarks == "Нет подписи в акте"
    assert dict(community_series([indicator.pk])) == {indicator.pk: {2024: 30.0}}
    assert indicator_view(indicator, 2026).current.actual == 30.0

    with pytest.raises(Conflict):
        enter(indicator, author, year=2025, value="91")
    fixed = measurement_fix(actor=author, measurement=returned, value="60", today=TODAY)
    assert (fixed.status, fixed.value) == ("pending", 60)
    measurement_review(actor=reviewer, measurement=fixed, decision="accepted")
    assert dict(community_series([indicator.pk])) == {indicator.pk: {2024: 30.0, 2025: 60.0}}


def test_a_reviewer_may_not_review_their_own_entry_nor_a_non_reviewer_at_all(indicator):
    both = recorder("both")
    from zemlyaki.governance.models import Body
    from zemlyaki.governance.services import power_grant

    power_grant(actor=None, body=Body.objects.get(name="Исполнительный орган"), code="kpi.review")
    entry = enter(indicator, both)
    with pytest.raises(Forbidden):
        measurement_review(actor=both, measurement=entry, decision="accepted")
    with pytest.raises(Forbidden):
        measurement_review(actor=UserFactory(username="x"), measurement=entry, decision="accepted")
    entry.refresh_from_db()
    assert entry.status == "pending" and entry.reviewed_by is None


def test_target_outside_the_strategy_years_is_refused(indicator):
    with pytest.raises(Invalid) as caught:
        target_set(actor=None, indicator=indicator, year=2040, value=10)
    assert list(caught.value.field_errors) == ["year"]
    assert list(Target.objects.values_list("year", flat=True)) == [2026]


def test_stages_default_and_edited():
    document = make_document()
    assert stage_periods([document])[document.pk] == [(2024, 2026), (2027, 2029), (2030, 2032)]
    stages_set(actor=None, document=document, periods=[(2024, 2025), (2026, 2032)])
    assert stage_periods([document])[document.pk] == [(2024, 2025), (2026, 2032)]
    with pytest.raises(Invalid) as caught:
        stages_set(actor=None, document=document, periods=[(2024, 2028), (2027, 2033)])
    assert list(caught.value.field_errors) == ["stages"]
    assert Stage.objects.filter(document=document).count() == 2


def test_my_data_lists_entries_and_erasure_keeps_them(indicator):
    from zemlyaki.core.registries import personal_data

    holder = personal_data.get("indicators.entries")
    author = recorder()
    enter(indicator, author, value="42")
    rows = holder.export(None, author)
    assert [(r["indicator"], r["year"], r["value"], r["role"]) for r in rows] == [
        ("П1. Показатель П1", 2025, "42.00", "entered")
    ]
    assert holder.export(None, None) == []
    assert holder.erase(None, author, None) == 0
    assert Measurement.objects.count() == 1
