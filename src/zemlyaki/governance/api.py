"""API of the working bodies: who they are, what powers they hold, who sits in them."""

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from zemlyaki.accounts.api_auth import current_user, optional_auth
from zemlyaki.core.api_schemas import Id, Limit, Offset, page_slice

from . import selectors
from .models import Body, BodyKind
from .powers import POWERS

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


@router.get("/bodies", response=BodyPage, summary="Рабочие органы")
def bodies(request: HttpRequest, kind: str = "", limit: Limit = 50, offset: Offset = 0) -> Any:
    qs = selectors.body_list(kind=kind if kind in BodyKind.values else "")
    window = page_slice(limit, offset)
    # member_count is annotated by the selector
    items = [body_out(b, b.member_count) for b in qs[window]]  # type: ignore[attr-defined]
    return {"count": qs.count(), "items": items}


@router.get(
    "/bodies/{body_id}", response=BodyDetailOut, auth=optional_auth, summary="Рабочий орган"
)
def body_detail(request: HttpRequest, body_id: Id) -> Any:
    """Members' names are given to signed-in users (with a token) only, as on the pages."""
    body = get_object_or_404(selectors.body_list(), pk=body_id)
    user = current_user(request)
    members = None
    if user.has_perm("governance.view_bodymember", body):
        members = [
            {
                "person": str(m.person),
                "position": m.position,
                "stakeholder": str(m.stakeholder) if m.stakeholder else None,
                "since": _date(m.since),
                "until": _date(m.until),
            }
            for m in selectors.body_members(body)
        ]
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
        **body_out(body, body.member_count),  # type: ignore[attr-defined]
        "mandate": body.mandate,
        "powers": powers,
        "members": members,
    }
