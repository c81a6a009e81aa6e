"""API of programs: directions, programs, their needs and balance, pledges and their
transitions (409 with the current state when a pledge has moved meanwhile)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status

from zemlyaki.accounts.api_auth import (
    api_user,
    current_user,
    optional_auth,
    require_api_perm,
    token_auth,
)
from zemlyaki.core.api_schemas import Id, Limit, Offset, Year, page_slice
from zemlyaki.core.models import Region
from zemlyaki.directions import services as directions_services
from zemlyaki.directions.models import Direction
from zemlyaki.directions.selectors import direction_list
from zemlyaki.governance.models import Body
from zemlyaki.people.models import Person
from zemlyaki.registry.models import Association, Stakeholder

from . import balance, selectors, services
from .api_schemas import (
    BalanceRow,
    DirectionIn,
    DirectionOut,
    NeedIn,
    NeedOut,
    PledgeConflictOut,
    PledgeIn,
    PledgeOut,
    PledgePage,
    PledgeTransitionIn,
    ProgramIn,
    ProgramOut,
    ProgramPage,
    ProgramPatch,
    RepresentativeIn,
    RepresentativeOut,
)
from .models import Pledge, PledgeStatus, Program, ResourceNeed

router = Router(tags=["Программы и ресурсы"])


def ref(model: type[models.Model] | models.QuerySet[Any], pk: int | None, field: str) -> Any:
    """The object by its id among ``model`` (a model, or a queryset of those the caller may
    name), or 422 naming ``field``."""
    if pk is None:
        return None
    found = model if isinstance(model, models.QuerySet) else model._default_manager.all()
    obj = found.filter(pk=pk).first()
    if obj is None:
        raise ValidationError({field: _("Не найдено: %(id)s.") % {"id": pk}})
    return obj


def regionref(code: str | None) -> Region | None:
    """A region by its two-digit code (422 naming ``region`` when there is none)."""
    if code is None:
        return None
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise ValidationError({"region": _("Нет субъекта с кодом %(code)s.") % {"code": code}})
    return region


def region_ref(code: str | None) -> Region | None:
    """A region by its two-digit code (422 naming ``region`` when there is none)."""
    if code is None:
        return None
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise ValidationError({"region": _("Нет субъекта с кодом %(code)s.") % {"code": code}})
    return region


def direction_out(d: Direction) -> dict[str, Any]:
    return {
        "id": d.pk,
        "code": d.code,
        "name": d.name,
        "parent": d.parent_id,
        "level": d.level,
        "level_name": d.get_level_display(),
        "region": d.region.code if d.region is not None else None,
        "sources": [
            {"title": s.title, "number": s.number, "date": s.date, "url": s.url}
            for s in d.sources.all()
        ],
    }


def _directions(ids: list[int]) -> list[Direction]:
    """The directions a program is given, each id one that exists (422 otherwise)."""
    found = list(Direction.objects.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise ValidationError({"directions": _("Нет такого направления.")})
    return found


def _program_out(p: Program, request: HttpRequest) -> dict[str, Any]:
    return _programs_out([p], request)[0]


def _programs_out(programs: list[Program], request: HttpRequest) -> list[dict[str, Any]]:
    shown = selectors.shown_responsible(current_user(request), programs)
    return [_one_program_out(p, shown) for p in programs]


def _one_program_out(p: Program, shown: dict[int, Any]) -> dict[str, Any]:
    return {
        "id": p.pk,
        "title": p.title,
        "goals": p.goals,
        "association": p.association_id,
        "association_name": str(p.association) if p.association else None,
        "directions": [d.pk for d in p.directions.all()],
        "start": p.start,
        "end": p.end,
        "responsible_body": p.responsible_body_id,
        "responsible_person": p.responsible_person_id if p.responsible_person_id in shown else None,
        "status": p.status,
        "status_name": p.get_status_display(),
        "plan": p.plan_id,
    }


def _need_out(n: ResourceNeed) -> dict[str, Any]:
    return {
        "id": n.pk,
        "program": n.program_id,
        "kind": n.kind,
        "kind_name": n.get_kind_display(),
        "description": n.description,
        "quantity": n.quantity,
        "unit": n.unit,
        "unit_name": n.get_unit_display(),
        "start": n.start,
        "end": n.end,
        "needed_by": n.needed_by,
    }


def pledge_out(p: Pledge, user: Any) -> dict[str, Any]:
    """A pledge; a person's name and any contact only for those who manage the program."""
    sees = user.has_perm("programs.view_pledge_contacts", p.program)
    giver = p.source
    giver_type = giver._meta.model_name if giver is not None else ""
    name = str(giver)
    if giver_type == "person" and not sees:
        name = _("участник землячества")
    return {
        "id": p.pk,
        "program": p.program_id,
        "need": p.need_id,
        "giver_type": giver_type,
        "giver": giver.pk if giver is not None and (sees or giver_type != "person") else None,
        "giver_name": name,
        "kind": p.kind,
        "quantity": p.quantity,
        "unit": p.unit,
        "start": p.start,
        "end": p.end,
        "conditions": p.conditions,
        "contact": p.contact if sees else None,
        "status": p.status,
        "status_name": p.get_status_display(),
        "delivered_quantity": p.delivered_quantity,
        "evidence_url": p.evidence_url,
    }


@router.get("/directions", response=list[DirectionOut], auth=optional_auth, summary="Направления")
def directions(request: HttpRequest, level: str = "") -> list[dict[str, Any]]:
    qs = direction_list().order_by("order", "name")
    if level:
        qs = qs.filter(level=level)
    return [direction_out(d) for d in qs]


@router.post(
    "/directions", response={201: DirectionOut}, auth=token_auth, summary="Добавить направление"
)
def direction_create(request: HttpRequest, payload: DirectionIn) -> Status[Any]:
    require_api_perm(request, "directions.add_direction")
    direction = directions_services.direction_create(
        actor=api_user(request),
        code=payload.code,
        name=payload.name,
        parent=ref(Direction, payload.parent, "parent"),
        level=payload.level,
        order=payload.order,
        description=payload.description,
        region=regionref(payload.region),
    )
    for source in payload.sources:
        directions_services.source_add(
            actor=api_user(request),
            direction=direction,
            title=source.title,
            number=source.number,
            date=source.date,
            url=source.url,
        )
    return Status(201, direction_out(direction_list().get(pk=direction.pk)))


@router.get("/programs", response=ProgramPage, auth=optional_auth, summary="Программы")
def programs(
    request: HttpRequest,
    association: Id | None = None,
    direction: Id | None = None,
    status: str = "",
    year: Year | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    qs = selectors.program_list(
        association=ref(Association, association, "association"),
        direction=ref(Direction, direction, "direction"),
        status=status,
        year=year,
    )
    return {
        "count": qs.count(),
        "items": _programs_out(list(qs[page_slice(limit, offset)]), request),
    }


@router.post("/programs", response={201: ProgramOut}, auth=token_auth, summary="Создать программу")
def program_create(request: HttpRequest, payload: ProgramIn) -> Status[Any]:
    association = ref(Association, payload.association, "association")
    require_api_perm(request, "programs.add_program", association)
    found = _directions(payload.directions)
    program = services.program_create(
        actor=api_user(request),
        title=payload.title,
        goals=payload.goals,
        association=association,
        directions=found,
        start=payload.start,
        end=payload.end,
        responsible_body=ref(Body, payload.responsible_body, "responsible_body"),
        responsible_person=ref(
            selectors.responsible_people(api_user(request)),
            payload.responsible_person,
            "responsible_person",
        ),
    )
    return Status(201, _program_out(program, request))


@router.get("/programs/{program_id}", response=ProgramOut, auth=optional_auth)
def program(request: HttpRequest, program_id: Id) -> dict[str, Any]:
    return _program_out(get_object_or_404(Program, pk=program_id), request)


@router.patch(
    "/programs/{program_id}", response=ProgramOut, auth=token_auth, summary="Изменить программу"
)
def program_update(request: HttpRequest, program_id: Id, payload: ProgramPatch) -> dict[str, Any]:
    program = get_object_or_404(Program, pk=program_id)
    require_api_perm(request, "programs.change_program", program)
    fields = payload.dict(exclude_unset=True)
    if fields.get("title") is None:
        fields.pop("title", None)  # a program always has a title
    if "directions" in fields:
        fields["directions"] = _directions(fields["directions"] or [])
    if "responsible_body" in fields:
        fields["responsible_body"] = ref(Body, fields["responsible_body"], "responsible_body")
    if "responsible_person" in fields:
        fields["responsible_person"] = ref(
            selectors.responsible_people(api_user(request)),
            fields["responsible_person"],
            "responsible_person",
        )
    for name in ("start", "end"):
        if name in fields and fields[name] is None:
            raise ValidationError({name: _("Обязательное поле.")})
    program = services.program_update(actor=api_user(request), program=program, **fields)
    return _program_out(program, request)


@router.delete("/programs/{program_id}", response={204: None}, auth=token_auth)
def program_delete(request: HttpRequest, program_id: Id) -> Status[Any]:
    program = get_object_or_404(Program, pk=program_id)
    require_api_perm(request, "programs.delete_program", program)
    services.program_delete(actor=api_user(request), program=program)
    return Status(204, None)


@router.post("/programs/{program_id}/stop", response=ProgramOut, auth=token_auth)
def program_stop(request: HttpRequest, program_id: Id) -> dict[str, Any]:
    program = get_object_or_404(Program, pk=program_id)
    require_api_perm(request, "programs.change_program", program)
    return _program_out(services.program_stop(actor=api_user(request), program=program), request)


@router.get("/programs/{program_id}/needs", response=list[NeedOut], auth=optional_auth)
def needs(request: HttpRequest, program_id: Id) -> list[dict[str, Any]]:
    program = get_object_or_404(Program, pk=program_id)
    return [_need_out(n) for n in selectors.program_needs(program)]


@router.post("/programs/{program_id}/needs", response={201: NeedOut}, auth=token_auth)
def need_create(request: HttpRequest, program_id: Id, payload: NeedIn) -> Status[Any]:
    program = get_object_or_404(Program, pk=program_id)
    require_api_perm(request, "programs.add_need", program)
    need = services.need_create(actor=api_user(request), program=program, **payload.dict())
    return Status(201, _need_out(need))


@router.get("/programs/{program_id}/balance", response=list[BalanceRow], auth=optional_auth)
def program_balance(request: HttpRequest, program_id: Id) -> list[dict[str, Any]]:
    return balance.balance_of_program(get_object_or_404(Program, pk=program_id))


@router.get("/balance", response=list[BalanceRow], auth=optional_auth, summary="Баланс ресурсов")
def strategy_balance(request: HttpRequest) -> list[dict[str, Any]]:
    return balance.balance_of_strategy()


@router.get("/pledges", response=PledgePage, auth=optional_auth, summary="Обязательства")
def pledges(
    request: HttpRequest,
    program: Id | None = None,
    stakeholder: Id | None = None,
    status: str = "",
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    qs = selectors.pledge_list(
        program=ref(Program, program, "program"),
        stakeholder=ref(Stakeholder, stakeholder, "stakeholder"),
        status=status,
    )
    user = getattr(request, "auth", None) or request.user
    return {
        "count": qs.count(),
        "items": [pledge_out(p, user) for p in qs[page_slice(limit, offset)]],
    }


@router.post("/pledges", response={201: PledgeOut}, auth=token_auth, summary="Обещать ресурс")
def pledge_create(request: HttpRequest, payload: PledgeIn) -> Status[Any]:
    program = ref(Program, payload.program, "program")
    givers = {
        "stakeholder": ref(Stakeholder, payload.stakeholder, "stakeholder"),
        "association": ref(Association, payload.association, "association"),
        "person": ref(Person, payload.person, "person"),
    }
    named = [g for g in givers.values() if g is not None]
    require_api_perm(request, "programs.add_pledge", named[0] if len(named) == 1 else None)
    need = ref(ResourceNeed, payload.need, "need")
    pledge = services.pledge_create(
        actor=api_user(request),
        program=program,
        need=need,
        kind=payload.kind,
        quantity=payload.quantity,
        unit=payload.unit,
        start=payload.start,
        end=payload.end,
        conditions=payload.conditions,
        contact=payload.contact,
        **givers,
    )
    return Status(201, pledge_out(pledge, api_user(request)))


TRANSITION_PERMS = {
    PledgeStatus.CONFIRMED: "programs.confirm_pledge",
    PledgeStatus.DELIVERED: "programs.deliver_pledge",
    PledgeStatus.WITHDRAWN: "programs.withdraw_pledge",
}


@router.post(
    "/pledges/{pledge_id}/transition",
    response={200: PledgeOut, 409: PledgeConflictOut},
    auth=token_auth,
    summary="Подтвердить, отметить выполнение или отозвать",
)
def pledge_transition(
    request: HttpRequest, pledge_id: Id, payload: PledgeTransitionIn
) -> Status[Any]:
    pledge = get_object_or_404(Pledge.objects.select_related("program"), pk=pledge_id)
    require_api_perm(request, TRANSITION_PERMS[PledgeStatus(payload.to)], pledge)
    pledge = services.pledge_transition(
        actor=request.user,
        pledge=pledge,
        to=payload.to,
        delivered_quantity=payload.delivered_quantity,
        evidence_url=payload.evidence_url,
        evidence_note=payload.evidence_note,
        comment=payload.comment,
    )
    return Status(200, pledge_out(pledge, api_user(request)))


@router.post(
    "/stakeholders/{stakeholder_id}/representatives",
    response={201: RepresentativeOut},
    auth=token_auth,
    summary="Назначить представителя субъекта",
)
def representative_add(
    request: HttpRequest, stakeholder_id: Id, payload: RepresentativeIn
) -> Status[Any]:
    stakeholder = get_object_or_404(Stakeholder, pk=stakeholder_id)
    require_api_perm(request, "programs.add_representative", stakeholder)
    link = services.representative_add(
        actor=api_user(request),
        stakeholder=stakeholder,
        person=ref(Person, payload.person, "person"),
        position=payload.position,
    )
    return Status(
        201,
        {
            "id": link.pk,
            "stakeholder": stakeholder.pk,
            "person": link.person_id,
            "position": link.position,
        },
    )


@router.delete(
    "/stakeholders/{stakeholder_id}/representatives/{link_id}",
    response={204: None},
    auth=token_auth,
    summary="Снять представителя субъекта",
)
def representative_remove(request: HttpRequest, stakeholder_id: Id, link_id: Id) -> Status[Any]:
    stakeholder = get_object_or_404(Stakeholder, pk=stakeholder_id)
    require_api_perm(request, "programs.add_representative", stakeholder)
    link = get_object_or_404(stakeholder.program_representatives, pk=link_id)
    services.representative_remove(actor=api_user(request), link=link)
    return Status(204, None)


@router.post(
    "/programs/{program_id}/plan",
    response=ProgramOut,
    auth=token_auth,
    summary="План мероприятий программы (создаётся при первом обращении)",
)
def program_plan(request: HttpRequest, program_id: Id) -> dict[str, Any]:
    program = get_object_or_404(Program, pk=program_id)
    require_api_perm(request, "programs.change_program", program)
    services.program_plan(actor=api_user(request), program=program)
    return _program_out(Program.objects.get(pk=program.pk), request)
