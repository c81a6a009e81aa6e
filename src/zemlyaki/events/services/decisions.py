"""Decisions of an event and the effects they carry out through the owning apps."""

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from zemlyaki.accounts.actors import acting_user
from zemlyaki.core.actors import Actor
from zemlyaki.core.registries import decision_effects
from zemlyaki.core.services import AuditAction, audit_record, model_snapshot

from ..models import (
    Decision,
    DecisionEffect,
    Event,
)
from .base import EFFECT_TARGETS, RECORD_ONLY_EFFECTS

# Decisions -----------------------------------------------------------------------------


def _effect_function(effect: str) -> Any:
    if effect in RECORD_ONLY_EFFECTS:
        return None
    function = decision_effects.get(effect)
    if function is None:
        raise ValidationError(
            {
                "effect": [
                    _(
                        "Действие «%(effect)s» недоступно: ни одно приложение платформы его не выполняет."
                    )
                    % {"effect": DecisionEffect(effect).label}
                ]
            }
        )
    return function


def decision_target(decision: Decision) -> Any:
    if decision.target_content_type_id is None:
        return None
    return decision.target


def _content_type(label: str) -> ContentType | None:
    app_label, _dot, model = label.partition(".")
    try:
        content_type = ContentType.objects.get_by_natural_key(app_label, model)
    except ContentType.DoesNotExist:
        return None
    return content_type if content_type.model_class() is not None else None


def _resolve_target(effect: str, target_type: str, target_id: str) -> Any:
    if effect == DecisionEffect.NONE:
        return None
    expected = EFFECT_TARGETS[effect]
    if target_type and target_type != expected:
        raise ValidationError(
            {
                "target_type": [
                    _("Для этого действия объект должен быть вида %(type)s.") % {"type": expected}
                ]
            }
        )
    if not target_id:
        raise ValidationError({"target_id": [_("Укажите объект решения.")]})
    content_type = _content_type(expected)
    if content_type is None:
        raise ValidationError(
            {
                "effect": [
                    _("Действие недоступно: в платформе нет объектов вида %(type)s.")
                    % {"type": expected}
                ]
            }
        )
    target = None
    if target_id.isdigit():
        model = content_type.model_class()
        target = model._default_manager.filter(pk=target_id).first()  # type: ignore[union-attr]  # the content type's model exists: checked above
    if target is None:
        raise ValidationError({"target_id": [_("Объект решения не найден.")]})
    return target


def _task_rows(payload: dict[str, Any]) -> list[dict[str, Any]]:
    from zemlyaki.governance.models import Body
    from zemlyaki.people.models import Person

    rows = payload.get("tasks") or []
    if not rows:
        raise ValidationError({"payload": [_("Перечислите задачи плана.")]})
    result = []
    for index, row in enumerate(rows, start=1):
        try:
            due = row["due_date"]
            if isinstance(due, str):
                due = datetime.date.fromisoformat(due)
            item = {
                "number": str(row["number"]),
                "title": str(row["title"]).strip(),
                "due_date": due,
                "owner_body": Body.objects.get(pk=row["owner_body"])
                if row.get("owner_body")
                else None,
                "owner_person": Person.objects.get(pk=row["owner_person"])
                if row.get("owner_person")
                else None,
            }
        except (KeyError, ValueError, TypeError):
            raise ValidationError(
                {
                    "payload": [
                        _("Задача %(n)s: нужны номер, название и срок (ГГГГ-ММ-ДД).") % {"n": index}
                    ]
                }
            )
        except (Body.DoesNotExist, Person.DoesNotExist):
            raise ValidationError(
                {"payload": [_("Задача %(n)s: ответственный не найден.") % {"n": index}]}
            )
        if not item["title"]:
            raise ValidationError({"payload": [_("Задача %(n)s: нет названия.") % {"n": index}]})
        result.append(item)
    return result


@transaction.atomic
def decision_record(
    *,
    actor: Actor | None,
    event: Event,
    text: str,
    present: int,
    votes_for: int,
    votes_against: int = 0,
    votes_abstained: int = 0,
    body: Any = None,
    effect: str = DecisionEffect.NONE,
    target_type: str = "",
    target_id: str = "",
    payload: dict[str, Any] | None = None,
) -> Decision:
    """Record a decision of the event and, when it is adopted, carry out its effect.

    Without a quorum of the deciding body (the event's organiser unless another is
    named) the decision is refused with the reason and nothing is written. The effect —
    approving a plan, creating plan tasks, approving a strategy document — runs through
    the owning app's service inside this same transaction.
    """
    from zemlyaki.governance.services import quorum_check

    event = Event.objects.select_for_update().get(pk=event.pk)
    body = body or event.organiser
    payload = dict(payload or {})
    errors: dict[str, list[str]] = {}
    if not (text or "").strip():
        errors["text"] = [_("Введите текст решения.")]
    if body is None:
        errors["body"] = [_("Укажите орган, который принимает решение (для проверки кворума).")]
    if effect not in DecisionEffect.values:
        errors["effect"] = [_("Неизвестное действие.")]
    counts = {
        "present": present,
        "votes_for": votes_for,
        "votes_against": votes_against,
        "votes_abstained": votes_abstained,
    }
    for field, value in counts.items():
        if value is None or value < 0:
            errors[field] = [_("Нужно неотрицательное число.")]
    if not errors and votes_for + votes_against + votes_abstained > present:
        errors["present"] = [_("Проголосовало больше, чем присутствовало.")]
    if errors:
        raise ValidationError(errors)
    ok, reason = quorum_check(body=body, present=present)
    if not ok:
        raise ValidationError({"present": [reason]}, code="no_quorum")
    target = _resolve_target(effect, target_type, str(target_id or ""))
    function = _effect_function(effect) if effect != DecisionEffect.NONE else None
    tasks = _task_rows(payload) if effect == DecisionEffect.CREATE_TASKS else []
    if effect == DecisionEffect.SECTION_POSITION and not str(payload.get("position", "")).strip():
        raise ValidationError({"payload": [_("Запишите согласованную позицию.")]})
    number = (event.decisions.aggregate(m=Max("number"))["m"] or 0) + 1
    decision = Decision(
        event=event,
        number=number,
        text=text.strip(),
        body=body,
        present=present,
        votes_for=votes_for,
        votes_against=votes_against,
        votes_abstained=votes_abstained,
        quorum_note=reason[:300],
        adopted=votes_for * 2 > present,
        effect=effect,
        target=target,
        payload=payload,
        recorded_by=acting_user(actor),
    )
    decision.full_clean()
    decision.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=decision,
        after=model_snapshot(decision),
        comment=reason[:255],
    )
    if decision.adopted and function is not None:
        try:
            if effect == DecisionEffect.CREATE_TASKS:
                created = [function(actor=actor, plan=target, **task) for task in tasks]
                decision.payload = {
                    **payload,
                    "created_task_ids": [getattr(t, "pk", None) for t in created],
                }
                decision.save(update_fields=["payload"])
            elif effect == DecisionEffect.APPROVE_PLAN:
                function(plan=target, actor=actor, decision=decision)
            elif effect == DecisionEffect.APPROVE_DOCUMENT:
                function(document=target, actor=actor, decision=decision)
        except ValidationError:
            raise
        except Exception as exc:
            # A refusal of the target app's workflow (e.g. a section not yet agreed)
            # refuses the whole decision with its message; anything else is a bug.
            if type(exc).__module__ != function.__module__:
                raise
            raise ValidationError({"effect": [str(exc)]}) from exc
    return decision
