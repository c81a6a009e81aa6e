"""Writes of programs, their needs and the pledges made to them.

A pledge moves обещано → подтверждено → выполнено, or to отозвано from either of the first
two; every transition locks the pledge's row first, so of two concurrent confirmations
one moves it and the other meets the new state and is refused (``TransitionConflict``)."""

import decimal
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.core.models import AuditAction
from zemlyaki.core.services import audit_record, audit_update, check_fields, model_snapshot
from zemlyaki.plan.services import plan_create

from .cells import refresh_program
from .models import (
    Pledge,
    PledgeStatus,
    Program,
    ProgramStatus,
    ResourceNeed,
    StakeholderRepresentative,
)
from .units import allowed_units_label, unit_allowed

PROGRAM_FIELDS = {
    "goals",
    "association",
    "start",
    "end",
    "responsible_body",
    "responsible_person",
    "status",
    "is_demo",
}
NEED_FIELDS = {"description", "start", "end", "needed_by"}
PLEDGE_FIELDS = {"start", "end", "conditions", "contact", "is_demo"}

TRANSITIONS: dict[str, tuple[str, ...]] = {
    PledgeStatus.PLEDGED: (PledgeStatus.CONFIRMED, PledgeStatus.WITHDRAWN),
    PledgeStatus.CONFIRMED: (PledgeStatus.DELIVERED, PledgeStatus.WITHDRAWN),
    PledgeStatus.DELIVERED: (),
    PledgeStatus.WITHDRAWN: (),
}
OPEN_PROGRAM = (ProgramStatus.DRAFT, ProgramStatus.APPROVED, ProgramStatus.RUNNING)


class TransitionConflict(Exception):
    """The pledge is no longer in a state the transition starts from."""

    def __init__(self, pledge: Pledge, to: str) -> None:
        self.pledge = pledge
        self.current = pledge.status
        self.to = to
        super().__init__(
            _("Обязательство уже в состоянии «%(state)s»; переход «%(to)s» невозможен.")
            % {"state": pledge.get_status_display(), "to": PledgeStatus(to).label}
        )


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


# --- representatives ---------------------------------------------------------------


@transaction.atomic
def representative_add(
    *, actor: Any, stakeholder: Any, person: Any, position: str = ""
) -> StakeholderRepresentative:
    link = StakeholderRepresentative(stakeholder=stakeholder, person=person, position=position)
    if StakeholderRepresentative.objects.filter(stakeholder=stakeholder, person=person).exists():
        raise ValidationError({"person": _("Этот участник уже представляет субъекта.")})
    link.full_clean()
    link.save()
    audit_record(actor=actor, action=AuditAction.CREATE, instance=link, after=model_snapshot(link))
    return link


@transaction.atomic
def representative_remove(*, actor: Any, link: StakeholderRepresentative) -> None:
    """The person no longer speaks for the stakeholder; pledges they recorded stay."""
    audit_record(actor=actor, action=AuditAction.DELETE, instance=link, before=model_snapshot(link))
    link.delete()


# --- programs ----------------------------------------------------------------------


@transaction.atomic
def program_create(
    *, actor: Any, title: str, directions: Iterable[Any] = (), **fields: Any
) -> Program:
    check_fields(fields, PROGRAM_FIELDS)
    program = Program(title=_strip(title or ""), **{k: _strip(v) for k, v in fields.items()})
    program.full_clean()
    program.save()
    program.directions.set(list(directions))
    audit_record(
        actor=actor, action=AuditAction.CREATE, instance=program, after=model_snapshot(program)
    )
    return program


@transaction.atomic
def program_update(
    *, actor: Any, program: Program, directions: Iterable[Any] | None = None, **fields: Any
) -> Program:
    check_fields(fields, PROGRAM_FIELDS | {"title"})
    program = Program.objects.select_for_update().get(pk=program.pk)
    before = model_snapshot(program)
    for name, value in fields.items():
        setattr(program, name, _strip(value))
    program.full_clean()
    _check_dates_inside(program)
    program.save()
    if directions is not None:
        program.directions.set(list(directions))
    audit_update(actor=actor, instance=program, before=before, after=model_snapshot(program))
    return program


def _check_dates_inside(program: Program) -> None:
    """A shortened program may not leave its needs or pledges outside its period."""
    items: list[ResourceNeed | Pledge] = [
        *program.needs.all(),
        *program.pledges.exclude(status=PledgeStatus.WITHDRAWN),
    ]
    outside = [
        obj
        for obj in items
        if (obj.start and obj.start < program.start) or (obj.end and obj.end > program.end)
    ]
    if outside:
        raise ValidationError(
            {"end": _("Потребности или обязательства программы выходят за новый срок.")}
        )


@transaction.atomic
def program_stop(*, actor: Any, program: Program) -> Program:
    return program_update(actor=actor, program=program, status=ProgramStatus.STOPPED)


@transaction.atomic
def program_delete(*, actor: Any, program: Program) -> None:
    program = Program.objects.select_for_update().get(pk=program.pk)
    if program.pledges.exists():
        raise ValidationError(
            _("У программы есть ресурсные обязательства: её нельзя удалить, можно прекратить.")
        )
    audit_record(
        actor=actor, action=AuditAction.DELETE, instance=program, before=model_snapshot(program)
    )
    program.needs.all().delete()
    program.delete()


@transaction.atomic
def program_plan(*, actor: Any, program: Program) -> Any:
    """The program's plan of tasks, created on first use."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    if program.plan_id:
        return program.plan
    plan = plan_create(
        actor=actor,
        title=_("План программы «%(title)s»") % {"title": program.title},
        is_demo=program.is_demo,
    )
    program.plan = plan
    program.save(update_fields=["plan"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=program,
        after={"plan": str(plan)},
    )
    return plan


# --- resources ----------------------------------------------------------------------


def _resource_errors(
    *, kind: str, unit: str, quantity: Any, start: Any, end: Any, program: Program
) -> dict[str, str]:
    errors: dict[str, str] = {}
    try:
        value = decimal.Decimal(str(quantity))
    except (decimal.InvalidOperation, ValueError, TypeError):
        value = None
    if value is None or not value.is_finite():
        errors["quantity"] = _("Укажите количество числом.")
    elif value <= 0:
        errors["quantity"] = _("Количество должно быть больше нуля.")
    if kind and unit and not unit_allowed(kind, unit):
        errors["unit"] = _("Для этого вида ресурса допустимы единицы: %(units)s.") % {
            "units": allowed_units_label(kind)
        }
    for name, date in (("start", start), ("end", end)):
        if date and not program.start <= date <= program.end:
            errors[name] = _("Дата вне срока программы (%(start)s — %(end)s).") % {
                "start": program.start.strftime("%d.%m.%Y"),
                "end": program.end.strftime("%d.%m.%Y"),
            }
    if start and end and end < start and "end" not in errors:
        errors["end"] = _("Окончание не может быть раньше начала.")
    return errors


@transaction.atomic
def need_create(
    *, actor: Any, program: Program, kind: str, quantity: Any, unit: str, **fields: Any
) -> ResourceNeed:
    check_fields(fields, NEED_FIELDS)
    errors = _resource_errors(
        kind=kind,
        unit=unit,
        quantity=quantity,
        start=fields.get("start"),
        end=fields.get("end"),
        program=program,
    )
    if errors:
        raise ValidationError(errors)
    need = ResourceNeed(
        program=program,
        kind=kind,
        quantity=quantity,
        unit=unit,
        **{k: _strip(v) for k, v in fields.items()},
    )
    need.full_clean()
    need.save()
    refresh_program(program.pk)
    audit_record(actor=actor, action=AuditAction.CREATE, instance=need, after=model_snapshot(need))
    return need


@transaction.atomic
def need_delete(*, actor: Any, need: ResourceNeed) -> None:
    if need.pledges.exists():
        raise ValidationError(_("На потребность уже есть обязательства: её нельзя удалить."))
    audit_record(actor=actor, action=AuditAction.DELETE, instance=need, before=model_snapshot(need))
    need.delete()
    refresh_program(need.program_id)


@transaction.atomic
def pledge_create(
    *,
    actor: Any,
    program: Program,
    quantity: Any,
    unit: str,
    kind: str = "",
    need: ResourceNeed | None = None,
    stakeholder: Any = None,
    association: Any = None,
    person: Any = None,
    **fields: Any,
) -> Pledge:
    check_fields(fields, PLEDGE_FIELDS)
    errors: dict[str, str] = {}
    sources = [s for s in (stakeholder, association, person) if s is not None]
    if len(sources) != 1:
        errors["stakeholder"] = _(
            "Укажите одного, кто обещает: субъекта, землячество или участника."
        )
    if program.status not in OPEN_PROGRAM:
        errors["program"] = _("Программа %(status)s: новые обязательства не принимаются.") % {
            "status": program.get_status_display()
        }
    if need is not None:
        if need.program_id != program.pk:
            errors["need"] = _("Потребность относится к другой программе.")
        kind = kind or need.kind
        if kind != need.kind:
            errors["kind"] = _("Вид ресурса должен совпадать с видом потребности.")
        if unit != need.unit:
            errors["unit"] = _("Единица должна совпадать с единицей потребности (%(unit)s).") % {
                "unit": need.get_unit_display()
            }
    if not kind:
        errors["kind"] = _("Укажите вид ресурса.")
    for name, message in _resource_errors(
        kind=kind,
        unit=unit,
        quantity=quantity,
        start=fields.get("start"),
        end=fields.get("end"),
        program=program,
    ).items():
        errors.setdefault(name, message)
    if errors:
        raise ValidationError(errors)
    pledge = Pledge(
        program=program,
        need=need,
        stakeholder=stakeholder,
        association=association,
        person=person,
        kind=kind,
        quantity=quantity,
        unit=unit,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        **{k: _strip(v) for k, v in fields.items()},
    )
    pledge.full_clean()
    pledge.save()
    refresh_program(program.pk)
    audit_record(
        actor=actor, action=AuditAction.CREATE, instance=pledge, after=model_snapshot(pledge)
    )
    return pledge


@transaction.atomic
def pledge_transition(
    *,
    actor: Any,
    pledge: Pledge,
    to: str,
    delivered_quantity: Any = None,
    evidence_file: Any = None,
    evidence_url: str = "",
    evidence_note: str = "",
    comment: str = "",
) -> Pledge:
    """Move a pledge to ``to``; raises TransitionConflict when its current state (read
    under a row lock) does not allow it, ValidationError for a wrong delivery."""
    locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if to not in TRANSITIONS.get(locked.status, ()):
        raise TransitionConflict(locked, to)
    before = model_snapshot(locked, fields=_AUDITED)
    now = timezone.now()
    if to == PledgeStatus.DELIVERED:
        _deliver(locked, delivered_quantity, evidence_file, evidence_url, evidence_note)
        locked.delivered_at = now
    elif to == PledgeStatus.CONFIRMED:
        locked.confirmed_at = now
    else:
        locked.withdrawn_at = now
    locked.status = to
    locked.full_clean()
    locked.save()
    refresh_program(locked.program_id)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=locked,
        before=before,
        after=model_snapshot(locked, fields=_AUDITED),
        comment=comment or str(PledgeStatus(to).label),
    )
    return locked


_AUDITED = ["status", "delivered_quantity", "evidence_file", "evidence_url", "evidence_note"]


def _deliver(pledge: Pledge, quantity: Any, file: Any, url: str, note: str) -> None:
    errors: dict[str, str] = {}
    try:
        value = decimal.Decimal(str(quantity)) if quantity not in (None, "") else pledge.quantity
    except (decimal.InvalidOperation, ValueError):
        value = None
    if value is None or not value.is_finite() or value <= 0:
        errors["delivered_quantity"] = _("Переданное количество должно быть больше нуля.")
    elif value > pledge.quantity:
        errors["delivered_quantity"] = _(
            "Передано не может быть больше обещанного (%(quantity)s)."
        ) % {"quantity": pledge.quantity}
    if not (file or (url or "").strip() or (note or "").strip()):
        errors["evidence"] = _("Приложите подтверждение: документ, фото или ссылку.")
    if errors or value is None:
        raise ValidationError(errors)
    pledge.delivered_quantity = value.quantize(decimal.Decimal("0.01"))
    if file:
        pledge.evidence_file = file
    pledge.evidence_url = (url or "").strip()
    pledge.evidence_note = (note or "").strip()
