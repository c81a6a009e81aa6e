"""One visibility rule per model: the list rule and the object rule agree for every role,
and each role sees exactly what it should."""

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.accounts.factories import UserFactory
from tests.support.visibility import assert_agrees
from zemlyaki.indicators.models import Goal, Indicator, Measurement, Stage, Target
from zemlyaki.indicators.services import (
    goal_create,
    measurement_enter,
    measurement_review,
    stages_set,
)

from .factories import controller, make_document, make_indicator, recorder

pytestmark = pytest.mark.django_db


def test_every_model_agrees_and_each_role_sees_its_share(
    coordinator, administrator, leader, member
):
    document = make_document()
    goal_create(actor=None, document=document, number=1, title="Сплочение землячеств")
    stages_set(actor=None, document=document, periods=[(2024, 2026), (2027, 2032)])
    public = make_indicator(document, code="О1", public=True, targets={2026: 10})
    closed = make_indicator(document, code="З1", targets={2026: 20})
    author, reviewer, other = recorder(), controller(), UserFactory(username="other")
    accepted_public = measurement_enter(actor=author, indicator=public, year=2024, value=1,
                                        evidence_url="https://example.org/1")  # fmt: skip
    measurement_review(actor=reviewer, measurement=accepted_public, decision="accepted")
    pending = measurement_enter(actor=author, indicator=public, year=2025, value=2,
                                evidence_url="https://example.org/2")  # fmt: skip
    accepted_closed = measurement_enter(actor=author, indicator=closed, year=2024, value=3,
                                        evidence_url="https://example.org/3")  # fmt: skip
    measurement_review(actor=reviewer, measurement=accepted_closed, decision="accepted")

    guest = AnonymousUser()
    users = [guest, member, leader, coordinator, administrator, author, reviewer, other]
    for model in (Goal, Stage, Indicator, Target, Measurement):
        assert_agrees(model, users)

    seen = assert_agrees(Indicator, users)
    assert seen[guest] == {public.pk}
    assert all(seen[u] == {public.pk, closed.pk} for u in users[1:])
    values = assert_agrees(Measurement, users)
    assert values[guest] == {accepted_public.pk}
    assert values[member] == values[other] == {accepted_public.pk, accepted_closed.pk}
    everything = {accepted_public.pk, pending.pk, accepted_closed.pk}
    for user in (coordinator, administrator, author, reviewer):
        assert values[user] == everything
    targets = assert_agrees(Target, users)
    assert targets[guest] == set(
        Target.objects.filter(indicator=public).values_list("pk", flat=True)
    )
