"""Shared pieces of the event writes: the editable fields, the decision effects' targets, the log."""

import logging

from ..models import (
    DecisionEffect,
)

logger = logging.getLogger("zemlyaki.events.services")

EVENT_FIELDS = {
    "kind", "title", "starts_at", "ends_at", "place", "online_url", "organiser", "capacity",
    "description", "preparation", "questionnaire_url", "registration_open", "is_public",
    "status", "is_demo",
}  # fmt: skip

# The kind of object each effect acts on. The owning apps (plan, strategy) register the
# service that carries the effect out in ``core.registries.decision_effects``.
EFFECT_TARGETS: dict[str, str] = {
    DecisionEffect.APPROVE_PLAN: "plan.plan",
    DecisionEffect.CREATE_TASKS: "plan.plan",
    DecisionEffect.APPROVE_DOCUMENT: "strategy.document",
    DecisionEffect.SECTION_POSITION: "strategy.section",
}
# Effects that only record the decision on their object.
RECORD_ONLY_EFFECTS = {DecisionEffect.SECTION_POSITION}
