"""API of the working bodies: who they are, what powers they hold, who sits in them; the
coordinator forms them here as on the pages (same services, same audit)."""

from typing import TYPE_CHECKING, Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from zemlyaki.accounts.api_auth import (
    api_user,
    current_user,
    optional_auth,
    require_api_perm,
    token_auth,
)
from zemlyaki.core.api_schemas import DateIn, Id, Limit, Offset, page_slice
from zemlyaki.core.errors import NotFound
from zemlyaki.people.models import CandidateList

from . import selectors, services
from .models import Body, BodyKind, BodyMember, Position, Power, QuorumRule
from .powers import POWERS

# The choices of a model field as a Literal for the API schema (an enum in OpenAPI);
# the type checker reads them as plain strings.
if TYPE_CHECKING:
    KindLiteral = str
    QuorumLiteral = str
    PositionLiteral = str
else:
    KindLiteral = Literal[tuple(BodyKind.values)]
    QuorumLiteral = Literal[tuple(QuorumRule.values)]
    PositionLiteral = Literal[tuple(Position.values)]

router = Router(tags=["Рабочие органы"])


class PowerOut(Schema):
    code: str
    name: str
    scope_type: str
    scope_id: str


class BodyOut(Schema):
    id: int
    kind: str
    kind_name: str
    name: str
    parent: int | None
    formed_on: str | None
    term_until: str | None
    quorum_rule: str
    member_count: int


class BodyPage(Schema):
    count: int
    items: list[BodyOut]


class MemberOut(Schema):
    id: int
    person: str
    position: str
    stakeholder: str | None
    since: str | None
    until: str | None


class BodyDetailOut(BodyOut):
    mandate: str
    powers: list[PowerOut]
    members: list[MemberOut] | None


def _date(value: Any) -> str | None:
    return value.isoformat() if value else None


def body_out(body: Body, member_count: int) -> dict[str, Any]:
    return {
        "id": body.pk,
        "kind": body.kind,
        "kind_name": body.get_kind_display(),
        "name": body.name,
        "parent": body.parent_id,
        "formed_on": _date(body.formed_on),
        "term_until": _date(body.term_until),
        "quorum_rule": body.quorum_rule,
        "member_count": member_count,
    }


def member_out(m: BodyMember) -> dict[str, Any]:
    return {
        "id": m.pk,
        "person": str(m.person),
        "position": m.position,
        "stakeholder": str(m.stakeholder) if m.stakeholder else None,
        "since": _date(m.since),
        "until": _date(m.until),
    }


@router.get("/bodies", response=BodyPage, summary="Рабочие органы")
def bodies(request: HttpRequest, kind: str = "", limit: Limit = 50, offset: Offset = 0) -> Any:
    qs = selectors.body_list(kind=kind if kind in BodyKind.values else "")
    window = page_slice(limit, offset)
    # member_count is annotated by the selector
    items = [body_out(b, b.member_count) for b in qs[window]]  # type: ignore[attr-defined]  # annotated by body_list
    return {"count": qs.count(), "items": items}


@router.get(
    "/bodies/{body_id}", response=BodyDetailOut, auth=optional_auth, summary="Рабочий орган"
)
def body_detail(request: HttpRequest, body_id: Id) -> Any:
    """Members' names are given to signed-in users (with a token) only, as on the pages."""
    body = get_object_or_404(selectors.body_list(), pk=body_id)
    return _detail(body, current_user(request))


def _detail(body: Body, user: Any) -> dict[str, Any]:
    members = None
    if user.has_perm("governance.view_bodymember", body):
        members = [member_out(m) for m in selectors.body_members(body, user=user)]
    powers = [
        {
            "code": p.code,
            "name": str(POWERS.get(p.code, p.code)),
            "scope_type": p.scope_type,
            "scope_id": p.scope_id,
        }
        for p in body.powers.order_by("code", "scope_type", "scope_id")
    ]
    return {
        **body_out(body, body.member_count),  # type: ignore[attr-defined]  # annotated by body_list
        "mandate": body.mandate,
        "powers": powers,
        "members": members,
    }


# ------------------------------------------------------------------ writes


class BodyIn(Schema):
    kind: KindLiteral
    name: str = Field(min_length=1, max_length=300)
    parent: Id | None = None
    mandate: str = ""
    formed_on: DateIn | None = None
    term_until: DateIn | None = None
    quorum_rule: QuorumLiteral = QuorumRule.HALF


class BodyPatch(Schema):
    kind: KindLiteral | None = None
    name: str | None = Field(None, min_length=1, max_length=300)
    parent: Id | None = None
    mandate: str | None = None
    formed_on: DateIn | None = None
    term_until: DateIn | None = None
    quorum_rule: QuorumLiteral | None = None


class MemberIn(Schema):
    person: Id
    position: PositionLiteral = Position.MEMBER
    stakeholder: Id | None = None
    since: DateIn | None = None
    until: DateIn | None = None
    basis: str = Field("", max_length=255, description="Решение, по которому меняется состав.")


def _body(body_id: int) -> Body:
    body = Body.objects.filter(pk=body_id).first()
    if body is None:
        raise NotFound(_("Орган не найден."))
    return body


def _fresh(body: Body, user: Any) -> dict[str, Any]:
    return _detail(selectors.body_list().get(pk=body.pk), user)


def _parent(value: int | None) -> Body | None:
    if value is None:
        return None
    parent = Body.objects.filter(pk=value).first()
    if parent is None:
        raise ValidationError({"parent": [_("Орган, в который входит этот, не найден.")]})
    return parent


@router.post(
    "/bodies", auth=token_auth, response={201: BodyDetailOut}, summary="Создать рабочий орган"
)
def body_create(request: HttpRequest, payload: BodyIn) -> Status[Any]:
    require_api_perm(request, "governance.add_body")
    data = payload.dict()
    data["parent"] = _parent(data["parent"])
    body = services.body_create(actor=api_user(request), **data)
    return Status(201, _fresh(body, api_user(request)))


@router.patch(
    "/bodies/{body_id}", auth=token_auth, response=BodyDetailOut, summary="Изменить рабочий орган"
)
def body_update(request: HttpRequest, body_id: Id, payload: BodyPatch) -> Any:
    body = _body(body_id)
    require_api_perm(request, "governance.change_body", body)
    data = payload.dict(exclude_unset=True)
    for name in ("kind", "name", "mandate", "quorum_rule"):
        if name in data and data[name] is None:
            raise ValidationError({name: [_("Поле не может быть пустым.")]})
    if "parent" in data:
        data["parent"] = _parent(data["parent"])
    body = services.body_update(actor=api_user(request), body=body, **data)
    return _fresh(body, api_user(request))


@router.post(
    "/bodies/{body_id}/members",
    auth=token_auth,
    response={201: MemberOut},
    summary="Включить участника в орган",
)
def member_add(request: HttpRequest, body_id: Id, payload: MemberIn) -> Status[Any]:
    from zemlyaki.people.models import Person
    from zemlyaki.registry.models import Stakeholder

    body = _body(body_id)
    require_api_perm(request, "governance.change_bodymember", body)
    data = payload.dict()
    errors: dict[str, list[str]] = {}
    person = Person.objects.filter(pk=data.pop("person")).first()
    if person is None:
        errors["person"] = [_("Участник с таким номером не найден.")]
    stakeholder_id = data.pop("stakeholder")
    stakeholder = None
    if stakeholder_id is not None:
        stakeholder = Stakeholder.objects.filter(pk=stakeholder_id).first()
        if stakeholder is None:
            errors["stakeholder"] = [_("Субъект стратегии не найден.")]
    if errors:
        raise ValidationError(errors)
    member = services.member_add(
        actor=api_user(request),
        body=body,
        person=person,
        stakeholder=stakeholder,
        **data,
    )
    return Status(201, member_out(member))


@router.delete(
    "/bodies/{body_id}/members/{member_id}",
    auth=token_auth,
    response={204: None},
    summary="Исключить участника из органа",
)
def member_remove(request: HttpRequest, body_id: Id, member_id: Id, basis: str = "") -> Status[Any]:
    body = _body(body_id)
    require_api_perm(request, "governance.change_bodymember", body)
    member = _member(body, member_id)
    services.member_remove(actor=api_user(request), member=member, basis=basis[:255])
    return Status(204, None)


class MemberPatch(Schema):
    position: PositionLiteral | None = None
    stakeholder: Id | None = None
    since: DateIn | None = None
    until: DateIn | None = None
    basis: str = Field("", max_length=255, description="Решение, по которому меняется состав.")


class CandidatesIn(Schema):
    candidate_list: Id
    stakeholder: Id | None = None


class PowerIn(Schema):
    code: str = Field(min_length=1, max_length=100)
    scope_type: str = Field("", max_length=100)
    scope_id: str = Field("", max_length=64)


class PowerGrantedOut(PowerOut):
    id: int


def _member(body: Body, member_id: int) -> BodyMember:
    member = (
        BodyMember.objects.select_related("body", "person").filter(pk=member_id, body=body).first()
    )
    if member is None:
        raise NotFound(_("Член органа не найден."))
    return member


def _stakeholder(value: int | None) -> Any:
    from zemlyaki.registry.models import Stakeholder

    if value is None:
        return None
    stakeholder = Stakeholder.objects.filter(pk=value).first()
    if stakeholder is None:
        raise ValidationError({"stakeholder": [_("Субъект стратегии не найден.")]})
    return stakeholder


@router.delete(
    "/bodies/{body_id}", auth=token_auth, response={204: None}, summary="Удалить рабочий орган"
)
def body_delete(request: HttpRequest, body_id: Id) -> Status[Any]:
    body = _body(body_id)
    require_api_perm(request, "governance.delete_body", body)
    services.body_delete(actor=api_user(request), body=body)
    return Status(204, None)


@router.patch(
    "/bodies/{body_id}/members/{member_id}",
    auth=token_auth,
    response=MemberOut,
    summary="Изменить членство в органе",
)
def member_update(request: HttpRequest, body_id: Id, member_id: Id, payload: MemberPatch) -> Any:
    body = _body(body_id)
    require_api_perm(request, "governance.change_bodymember", body)
    member = _member(body, member_id)
    data = payload.dict(exclude_unset=True)
    if "position" in data and data["position"] is None:
        raise ValidationError({"position": [_("Поле не может быть пустым.")]})
    if "stakeholder" in data:
        data["stakeholder"] = _stakeholder(data["stakeholder"])
    member = services.member_update(actor=api_user(request), member=member, **data)
    return member_out(member)


@router.post(
    "/bodies/{body_id}/candidates",
    auth=token_auth,
    response={201: list[MemberOut]},
    summary="Включить в орган список кандидатов",
)
def member_add_candidates(request: HttpRequest, body_id: Id, payload: CandidatesIn) -> Status[Any]:
    """Everyone of a candidate list (from the expert search) who is not a member yet joins the
    body from today; the answer lists those added."""
    body = _body(body_id)
    require_api_perm(request, "governance.change_bodymember", body)
    stakeholder = _stakeholder(payload.stakeholder)
    candidate_list = CandidateList.objects.filter(pk=payload.candidate_list).first()
    if candidate_list is None:
        raise ValidationError({"candidate_list": [_("Список кандидатов не найден.")]})
    added = services.body_add_members_from_candidates(
        actor=api_user(request), body=body, candidate_list=candidate_list, stakeholder=stakeholder
    )
    return Status(201, [member_out(m) for m in added])


@router.post(
    "/bodies/{body_id}/powers",
    auth=token_auth,
    response={201: PowerGrantedOut},
    summary="Наделить орган полномочием",
)
def power_add(request: HttpRequest, body_id: Id, payload: PowerIn) -> Status[Any]:
    body = _body(body_id)
    require_api_perm(request, "governance.change_power", body)
    power = services.power_grant(actor=api_user(request), body=body, **payload.dict())
    return Status(
        201,
        {
            "id": power.pk,
            "code": power.code,
            "name": str(POWERS.get(power.code, power.code)),
            "scope_type": power.scope_type,
            "scope_id": power.scope_id,
        },
    )


@router.delete(
    "/bodies/{body_id}/powers/{power_id}",
    auth=token_auth,
    response={204: None},
    summary="Снять полномочие органа",
)
def power_revoke(request: HttpRequest, body_id: Id, power_id: Id) -> Status[Any]:
    body = _body(body_id)
    require_api_perm(request, "governance.change_power", body)
    power = Power.objects.select_related("body").filter(pk=power_id, body=body).first()
    if power is None:
        raise NotFound(_("Полномочие не найдено."))
    services.power_revoke(actor=api_user(request), power=power)
    return Status(204, None)
