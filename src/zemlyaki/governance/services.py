"""Writes of governance: bodies, their members and powers, each with its audit record;
and the quorum check that decisions of events and of the strategy ask."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, Q, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zemlyaki.core.actors import Actor
from zemlyaki.core.services import AuditAction, audit_record, changed_fields, model_snapshot
from zemlyaki.core.services import check_fields as _check_fields

from .models import Body, BodyMember, Position, Power, QuorumRule
from .powers import POWERS, powers_changed

BODY_FIELDS = {
    "kind", "name", "parent", "mandate", "formed_on", "term_until", "quorum_rule", "is_demo",
}  # fmt: skip
MEMBER_FIELDS = {"position", "stakeholder", "since", "until"}

# Objects a power may be limited to: model label → interface name.
SCOPE_TYPES: dict[str, Any] = {
    "strategy.section": gettext_lazy("раздел стратегии"),
    "strategy.document": gettext_lazy("документ"),
    "registry.association": gettext_lazy("землячество"),
    "events.event": gettext_lazy("мероприятие"),
    "plan.plan": gettext_lazy("план"),
}


def current_members_q(on: datetime.date | None = None, prefix: str = "") -> Q:
    """Members whose dates include ``on`` (today by default)."""
    today = on or timezone.localdate()
    return (Q(**{f"{prefix}since__isnull": True}) | Q(**{f"{prefix}since__lte": today})) & (
        Q(**{f"{prefix}until__isnull": True}) | Q(**{f"{prefix}until__gte": today})
    )


def body_member_count(body: Body, on: datetime.date | None = None) -> int:
    return BodyMember.objects.filter(current_members_q(on), body=body).count()


def quorum_check(*, body: Body, present: int) -> tuple[bool, str]:
    """Whether ``present`` members make a quorum of ``body`` under its rule.

    Returns ``(ok, reason)``; the reason is a Russian sentence for the minutes or the refusal.
    """
    total = body_member_count(body)
    if present < 0:
        return False, _("Число присутствующих не может быть отрицательным.")
    if present > total and body.quorum_rule != QuorumRule.ANY:
        return False, _(
            "Присутствующих (%(present)s) больше, чем членов органа «%(body)s» (%(total)s)."
        ) % {"present": present, "body": body.name, "total": total}
    if body.quorum_rule == QuorumRule.ANY:
        return True, _("Для органа «%(body)s» кворум не требуется.") % {"body": body.name}
    if total == 0:
        return False, _("В органе «%(body)s» нет действующих членов: кворума нет.") % {
            "body": body.name
        }
    if body.quorum_rule == QuorumRule.TWO_THIRDS:
        needed = -(-2 * total // 3)  # at least two thirds, rounded up
        rule = _("не менее двух третей")
    else:
        needed = total // 2 + 1  # more than half
        rule = _("более половины")
    if present >= needed:
        return True, _(
            "Кворум есть: присутствуют %(present)s из %(total)s членов органа «%(body)s» "
            "(нужно %(rule)s — %(needed)s)."
        ) % {"present": present, "total": total, "body": body.name, "rule": rule, "needed": needed}
    return False, _(
        "Кворума нет: присутствуют %(present)s из %(total)s членов органа «%(body)s», "
        "а нужно %(rule)s — не менее %(needed)s."
    ) % {"present": present, "total": total, "body": body.name, "rule": rule, "needed": needed}


def _validate_parent(body: Body) -> None:
    seen = {body.pk}
    parent = body.parent
    while parent is not None:
        if parent.pk in seen:
            raise ValidationError(
                {"parent": [_("Орган не может входить сам в себя, даже через другие органы.")]}
            )
        seen.add(parent.pk)
        parent = parent.parent


def _clean_body(body: Body) -> None:
    errors: dict[str, list[str]] = {}
    try:
        body.full_clean()
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if body.formed_on and body.term_until and body.term_until < body.formed_on:
        errors.setdefault("term_until", []).append(
            _("Срок полномочий не может кончаться раньше даты формирования.")
        )
    if errors:
        raise ValidationError(errors)
    if body.pk:
        _validate_parent(body)


@transaction.atomic
def body_create(*, actor: Actor | None, **fields: Any) -> Body:
    _check_fields(fields, BODY_FIELDS)
    body = Body(**fields)
    _clean_body(body)
    body.save()
    audit_record(actor=actor, action=AuditAction.CREATE, instance=body, after=model_snapshot(body))
    return body


@transaction.atomic
def body_update(*, actor: Actor | None, body: Body, **fields: Any) -> Body:
    _check_fields(fields, BODY_FIELDS)
    body = Body.objects.select_for_update().get(pk=body.pk)
    before = model_snapshot(body)
    for name, value in fields.items():
        setattr(body, name, value)
    _clean_body(body)
    body.save()
    powers_changed()
    after = model_snapshot(body)
    if after != before:
        old, new = changed_fields(before, after)
        audit_record(actor=actor, action=AuditAction.UPDATE, instance=body, before=old, after=new)
    return body


@transaction.atomic
def body_delete(*, actor: Actor | None, body: Body) -> None:
    if body.children.exists():
        raise ValidationError(_("В орган входят другие органы: сначала перенесите или удалите их."))
    audit_record(actor=actor, action=AuditAction.DELETE, instance=body, before=model_snapshot(body))
    try:
        body.delete()
    except (ProtectedError, RestrictedError) as error:
        # A workspace, a program or a plan item still names the body as its owner.
        raise ValidationError(
            _("Орган указан в рабочих пространствах или других записях: сначала передайте их.")
        ) from error
    powers_changed()


def _clean_member(member: BodyMember) -> None:
    errors: dict[str, list[str]] = {}
    try:
        member.full_clean(validate_constraints=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if member.since and member.until and member.until < member.since:
        errors.setdefault("until", []).append(_("Дата окончания раньше даты начала."))
    duplicate = BodyMember.objects.filter(body=member.body, person=member.person).exclude(
        pk=member.pk
    )
    if duplicate.exists():
        errors.setdefault("person", []).append(_("Этот участник уже входит в орган."))
    if member.position == Position.CHAIR and member.until is None:
        other_chair = (
            BodyMember.objects.filter(
                current_members_q(), body=member.body, position=Position.CHAIR
            )
            .exclude(pk=member.pk)
            .select_related("person")
            .first()
        )
        if other_chair is not None:
            errors.setdefault("position", []).append(
                _("У органа уже есть председатель: %(name)s.") % {"name": other_chair.person}
            )
    if errors:
        raise ValidationError(errors)


def _member_snapshot(member: BodyMember) -> dict[str, Any]:
    # body_id names the body for its history even after the membership row is gone
    return {
        **model_snapshot(member),
        "body": str(member.body),
        "person": str(member.person),
        "body_id": member.body_id,
    }


def _basis(basis: str, default: str) -> str:
    """The audit comment of a membership change: the decision it follows, when given."""
    return (basis or "").strip() or default


@transaction.atomic
def member_add(
    *,
    actor: Actor | None,
    body: Body,
    person: Any,
    position: str = Position.MEMBER,
    stakeholder: Any = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    basis: str = "",
) -> BodyMember:
    """Include a person in the body; ``basis`` names the decision it follows (for the history)."""
    Body.objects.select_for_update().get(pk=body.pk)  # one writer of a body's roster at a time
    member = BodyMember(
        body=body,
        person=person,
        position=position,
        stakeholder=stakeholder,
        since=since,
        until=until,
    )
    _clean_member(member)
    member.save()
    powers_changed()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=member,
        after=_member_snapshot(member),
        comment=_basis(basis, _("Включение в орган «%(body)s»") % {"body": body.name}),
    )
    return member


@transaction.atomic
def member_update(
    *, actor: Actor | None, member: BodyMember, basis: str = "", **fields: Any
) -> BodyMember:
    """Change a membership; setting ``until`` is how a member leaves the body."""
    _check_fields(fields, MEMBER_FIELDS)
    Body.objects.select_for_update().get(pk=member.body_id)
    member = BodyMember.objects.select_related("body", "person").get(pk=member.pk)
    before = _member_snapshot(member)
    for name, value in fields.items():
        setattr(member, name, value)
    _clean_member(member)
    member.save()
    powers_changed()
    after = _member_snapshot(member)
    if after != before:
        old, new = changed_fields(before, after)
        who = {"body_id": member.body_id, "person": str(member.person)}
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=member,
            before={**who, **old},
            after={**who, **new},
            comment=_basis(basis, ""),
        )
    return member


@transaction.atomic
def member_remove(*, actor: Actor | None, member: BodyMember, basis: str = "") -> None:
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        instance=member,
        before=_member_snapshot(member),
        comment=_basis(basis, _("Исключение из органа «%(body)s»") % {"body": member.body.name}),
    )
    member.delete()
    powers_changed()


def scope_object(scope_type: str, scope_id: str) -> Any:
    """The object a power is limited to, or None when its app is absent or it is gone."""
    from django.contrib.contenttypes.models import ContentType

    app_label, _dot, model_name = scope_type.partition(".")
    try:
        model = ContentType.objects.get_by_natural_key(app_label, model_name).model_class()
    except ContentType.DoesNotExist:
        return None
    if model is None:
        return None
    return model._default_manager.filter(pk=scope_id).first()


@transaction.atomic
def power_grant(
    *, actor: Actor | None, body: Body, code: str, scope_type: str = "", scope_id: str = ""
) -> Power:
    errors: dict[str, list[str]] = {}
    if code not in POWERS:
        errors["code"] = [_("Неизвестное полномочие.")]
    scope_type, scope_id = scope_type.strip(), str(scope_id or "").strip()
    if bool(scope_type) != bool(scope_id):
        errors["scope_id"] = [_("Укажите и вид объекта, и его номер — или ни того, ни другого.")]
    elif scope_type:
        if scope_type not in SCOPE_TYPES:
            errors["scope_type"] = [_("Полномочие нельзя ограничить объектом этого вида.")]
        elif scope_object(scope_type, scope_id) is None:
            errors["scope_id"] = [_("Объект с таким номером не найден.")]
    if (
        not errors
        and Power.objects.filter(
            body=body, code=code, scope_type=scope_type, scope_id=scope_id
        ).exists()
    ):
        errors["code"] = [_("Орган уже обладает этим полномочием.")]
    if errors:
        raise ValidationError(errors)
    power = Power(body=body, code=code, scope_type=scope_type, scope_id=scope_id)
    power.full_clean()
    power.save()
    powers_changed()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=power,
        after={**model_snapshot(power), "body_id": body.pk},
        comment=_("Полномочие органа «%(body)s»") % {"body": body.name},
    )
    return power


@transaction.atomic
def power_revoke(*, actor: Actor | None, power: Power) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        instance=power,
        before={**model_snapshot(power), "body_id": power.body_id},
        comment=_("Полномочие органа «%(body)s»") % {"body": power.body.name},
    )
    power.delete()
    powers_changed()


@transaction.atomic
def body_add_members_from_candidates(
    *, actor: Actor | None, body: Body, candidate_list: Any, stakeholder: Any = None
) -> list[BodyMember]:
    """Add every person of a candidate list (from the expert search) to the body in one step.

    People who are already members are left as they are; the rest join as members from today,
    representing ``stakeholder`` when it is given.
    """
    entries = candidate_list.entries.select_related("person").order_by("pk")
    existing = set(BodyMember.objects.filter(body=body).values_list("person_id", flat=True))
    added = []
    for entry in entries:
        if entry.person_id in existing:
            continue
        existing.add(entry.person_id)
        added.append(
            member_add(
                actor=actor,
                body=body,
                person=entry.person,
                stakeholder=stakeholder,
                since=timezone.localdate(),
            )
        )
    return added
