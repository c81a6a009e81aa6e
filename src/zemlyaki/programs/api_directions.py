"""API of one direction of the catalogue: reading it and its changes: the same services and rights as the
direction pages (``directions.change_direction``, ``directions.delete_direction``)."""

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status

from zemlyaki.accounts.api_auth import api_user, optional_auth, require_api_perm, token_auth
from zemlyaki.core.api_schemas import Id
from zemlyaki.directions import services as directions_services
from zemlyaki.directions.models import Direction
from zemlyaki.directions.selectors import direction_list

from .api import direction_out, ref, region_ref
from .api_schemas import DirectionOut, DirectionPatch, SourceIn

router = Router(tags=["Программы и ресурсы"])


@router.get("/directions/{direction_id}", response=DirectionOut, auth=optional_auth)
def direction(request: HttpRequest, direction_id: Id) -> dict[str, Any]:
    return direction_out(get_object_or_404(direction_list(), pk=direction_id))


@router.patch(
    "/directions/{direction_id}",
    response=DirectionOut,
    auth=token_auth,
    summary="Изменить направление",
)
def direction_update(
    request: HttpRequest, direction_id: Id, payload: DirectionPatch
) -> dict[str, Any]:
    direction = get_object_or_404(Direction, pk=direction_id)
    require_api_perm(request, "directions.change_direction", direction)
    fields = payload.dict(exclude_unset=True)
    if "parent" in fields:
        fields["parent"] = ref(Direction, fields["parent"], "parent")
    if "region" in fields:
        fields["region"] = region_ref(fields["region"])
    directions_services.direction_update(actor=api_user(request), direction=direction, **fields)
    return direction_out(direction_list().get(pk=direction.pk))


@router.delete(
    "/directions/{direction_id}",
    response={204: None},
    auth=token_auth,
    summary="Удалить направление",
)
def direction_delete(request: HttpRequest, direction_id: Id) -> Status[Any]:
    direction = get_object_or_404(Direction, pk=direction_id)
    require_api_perm(request, "directions.delete_direction", direction)
    directions_services.direction_delete(actor=api_user(request), direction=direction)
    return Status(204, None)


@router.post(
    "/directions/{direction_id}/sources",
    response={201: DirectionOut},
    auth=token_auth,
    summary="Добавить источник направления",
)
def source_add(request: HttpRequest, direction_id: Id, payload: SourceIn) -> Status[Any]:
    direction = get_object_or_404(Direction, pk=direction_id)
    require_api_perm(request, "directions.change_direction", direction)
    directions_services.source_add(
        actor=api_user(request),
        direction=direction,
        title=payload.title,
        number=payload.number,
        date=payload.date,
        url=payload.url,
    )
    return Status(201, direction_out(direction_list().get(pk=direction.pk)))
