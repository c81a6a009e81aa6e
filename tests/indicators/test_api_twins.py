"""The API operations that do what the coordinator's indicator pages and the correction
page do: the same services, rights, audit records and refusals."""

import pytest

from tests.support.audit import audit_trail
from zemlyaki.core.models import AuditEntry
from zemlyaki.indicators.models import Goal, Indicator, Measurement, Stage, Target
from zemlyaki.indicators.services import measurement_enter, measurement_review

from .factories import controller, make_document, make_indicator, recorder

pytestmark = pytest.mark.django_db

INDICATOR = {
    "code": "Н1",
    "name": "Новые члены",
    "unit": "чел.",
    "source": "computed",
    "measure": "people.members",
    "targets": [{"year": 2026, "value": "120"}, {"year": 2029, "value": "300"}],
}


def test_indicator_created_and_changed_with_its_targets(api, coordinator, member, token_for):
    document = make_document()
    path = f"/documents/{document.pk}/indicators"
    assert api.post(path, INDICATOR, token_for(member)).status_code == 404  # a hidden draft
    late = {**INDICATOR, "targets": [{"year": 2040, "value": "300"}]}
    refused = api.post(path, late, token_for(coordinator))
    assert refused.status_code == 422
    assert [(d["field"], d["msg"]) for d in refused.json()["detail"]] == [
        ("targets", "Год должен быть в пределах периода стратегии: 2024–2032.")
    ]
    assert (Indicator.objects.count(), Target.objects.count()) == (0, 0)
    created = api.post(path, INDICATOR, token_for(coordinator))
    assert created.status_code == 201
    indicator = Indicator.objects.get(code="Н1")
    assert created.json()["targets"] == [
        {"year": 2026, "value": 120.0},
        {"year": 2029, "value": 300.0},
    ]
    assert audit_trail(indicator, comment=True) == [("create", "coord", "")]

    changed = api.put(
        f"/indicators/{indicator.pk}",
        {**INDICATOR, "source": "entered", "targets": [{"year": 2032, "value": "500"}]},
        token_for(coordinator),
    )
    assert changed.status_code == 200
    indicator.refresh_from_db()
    assert (indicator.source, indicator.measure) == ("entered", "")
    assert list(indicator.targets.values_list("year", "value")) == [(2032, 500)]
    assert audit_trail(indicator)[-1] == ("update", "coord")
    no_goal = api.put(
        f"/indicators/{indicator.pk}", {**INDICATOR, "goal": 999}, token_for(coordinator)
    )
    assert no_goal.status_code == 422 and no_goal.json()["detail"][0]["field"] == "goal"


def test_goals_and_stages_of_a_document(api, coordinator, member, token_for):
    document = make_document()
    goals = f"/documents/{document.pk}/goals"
    assert api.put(goals, {"goals": ["Цель"]}, token_for(member)).status_code == 404
    empty = api.put(goals, {"goals": [" "]}, token_for(coordinator))
    assert [(d["field"], d["msg"]) for d in empty.json()["detail"]] == [
        ("goals", "Нужна хотя бы одна цель.")
    ]
    assert Goal.objects.count() == 0
    saved = api.put(goals, {"goals": ["Сплочение", "Молодёжь"]}, token_for(coordinator))
    assert saved.json()["items"] == [
        {"number": 1, "title": "Сплочение"},
        {"number": 2, "title": "Молодёжь"},
    ]
    assert audit_trail(document, comment=True)[-1] == ("update", "coord", "Цели стратегии")

    stages = f"/documents/{document.pk}/stages"
    body = {
        "stages": [{"start_year": 2024, "end_year": 2028}, {"start_year": 2029, "end_year": 2032}]
    }
    assert api.put(stages, body, token_for(member)).status_code == 404
    overlapping = {
        "stages": [{"start_year": 2024, "end_year": 2028}, {"start_year": 2027, "end_year": 2032}]
    }
    bad = api.put(stages, overlapping, token_for(coordinator))
    assert [(d["field"], d["msg"]) for d in bad.json()["detail"]] == [
        ("stages", "Этапы не должны пересекаться и идут по порядку.")
    ]
    assert Stage.objects.filter(document=document).count() == 0
    made = api.put(stages, body, token_for(coordinator))
    assert made.status_code == 200 and made.json()["count"] == 2
    assert audit_trail(document, comment=True)[-1] == (
        "update",
        "coord",
        "Этапы реализации стратегии",
    )


def test_a_returned_value_is_fixed_by_a_recorder(api, token_for, member):
    indicator = make_indicator(make_document(), code="В1", source="entered")
    author, reviewer = recorder(), controller()
    measurement = measurement_enter(
        actor=author, indicator=indicator, year=2025, value="10", evidence_url="https://a.ru/1"
    )
    path = f"/measurements/{measurement.pk}/fix"
    early = api.post(path, {"value": "12"}, token_for(author))
    assert early.status_code == 403  # fix_value: only a returned value
    measurement_review(
        actor=reviewer, measurement=measurement, decision="returned", remarks="Нет акта"
    )
    assert api.post(path, {"value": "12"}, token_for(member)).status_code == 404
    invalid = api.post(path, {"value": "много"}, token_for(author))
    assert invalid.status_code == 422 and invalid.json()["detail"][0]["field"] == "value"
    measurement.refresh_from_db()
    assert (measurement.value, measurement.status) == (10, "returned")
    fixed = api.post(
        path, {"value": "12", "evidence": "https://a.ru/2", "comment": "Акт"}, token_for(author)
    )
    assert fixed.status_code == 200
    assert (fixed.json()["value"], fixed.json()["status"]) == (12.0, "pending")
    assert audit_trail(Measurement.objects.get())[-1] == ("update", "recorder")


def test_refresh_is_started_by_the_coordinator(api, coordinator, member, token_for):
    assert api.post("/indicators/refresh", None, token_for(member)).status_code == 403
    response = api.post("/indicators/refresh", None, token_for(coordinator))
    assert (response.status_code, response.json()) == (202, {"queued": True})


@pytest.mark.parametrize("operation", ["indicators", "goals", "stages"])
def test_the_document_is_looked_up_before_the_right_is_asked(
    api, coordinator, administrator, member, token_for, operation
):
    """A draft hidden from the caller is not found (404, as a missing one); a document the
    caller sees but may not manage is refused (403); the page answers alike."""
    from django.test import Client

    from zemlyaki.strategy.models import Document

    draft, approved = make_document(), make_document(title="Утверждённая")
    Document.objects.filter(pk=approved.pk).update(status="approved")
    method, body = {
        "indicators": (api.post, INDICATOR),
        "goals": (api.put, {"goals": ["Цель"]}),
        "stages": (api.put, {"stages": [{"start_year": 2024, "end_year": 2032}]}),
    }[operation]
    before = (Indicator.objects.count(), Goal.objects.count(), Stage.objects.count())
    entries = AuditEntry.objects.filter(
        object_type__in=["strategy.document", "indicators.indicator"]
    )
    audited = entries.count()
    cases = [
        (draft.pk, member, 404),
        (draft.pk, administrator, 403),  # takes part in the work: reads the draft
        (approved.pk, member, 403),
        (999999, coordinator, 404),
    ]
    for pk, user, status in cases:
        response = method(f"/documents/{pk}/{operation}", body, token_for(user))
        assert response.status_code == status, (pk, user, response.content)
    assert (Indicator.objects.count(), Goal.objects.count(), Stage.objects.count()) == before
    assert entries.count() == audited

    page = {"indicators": "new", "goals": "goals", "stages": "stages"}[operation]
    for pk, user, status in cases:
        client = Client()
        client.force_login(user)
        assert client.get(f"/indicators/{page}/{pk}/").status_code == status
