"""API of a document's outline: add, rename, reorder and remove sections, with the same
rules and services as the outline page (``strategy.change_structure``, ``structure``)."""

from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from zemlyaki.accounts.api_auth import api_user, require_api_perm, token_auth
from zemlyaki.core.api_schemas import ErrorOut, Id
from zemlyaki.core.errors import NotFound

from . import selectors, structure
from .models import Document, Section

router = Router(tags=["Стратегия"])


class OutlineSectionOut(Schema):
    id: int
    parent: int | None
    number: str
    title: str
    guidance: str
    status: str
    level: int


class SectionAddIn(Schema):
    title: str = Field(..., min_length=1, max_length=300)
    guidance: str = ""
    parent: Id | None = None


class SectionRenameIn(Schema):
    title: str = Field(..., min_length=1, max_length=300)
    guidance: str | None = None


class OrderIn(Schema):
    order: list[Id]
    parent: Id | None = None


class OutlineMoveIn(Schema):
    direction: Literal["up", "down"] = Field(..., description="up — выше, down — ниже.")


class RemovedOut(Schema):
    id: int
    retired: bool


def _outline(document: Document) -> list[dict[str, Any]]:
    return [
        {
            "id": s.pk,
            "parent": s.parent_id,
            "number": s.number,
            "title": s.title,
            "guidance": s.guidance,
            "status": s.status,
            "level": level,
        }
        for s, level in selectors.outline(document)
    ]


def _document(request: HttpRequest, pk: int) -> Document:
    document = Document.objects.filter(pk=pk).first()
    user = api_user(request)
    if document is None or not user.has_perm("strategy.view_document", document):
        raise NotFound(_("Документ не найден."))
    require_api_perm(request, "strategy.change_structure", document)
    return document


def _section(request: HttpRequest, pk: int) -> Section:
    section = Section.objects.select_related("document").filter(pk=pk).first()
    user = api_user(request)
    if section is None or not user.has_perm("strategy.view_section", section):
        raise NotFound(_("Раздел не найден."))
    require_api_perm(request, "strategy.change_structure", section.document)
    return section


def _parent(document: Document, pk: int | None) -> Section | None:
    if pk is None:
        return None
    parent = Section.objects.filter(pk=pk, document=document).first()
    if parent is None:
        raise ValidationError({"parent": [_("Раздел, в который входит новый, не найден.")]})
    return parent


@router.get(
    "/documents/{int:pk}/outline",
    auth=token_auth,
    response=list[OutlineSectionOut],
    summary="Структура документа",
)
def outline(request: HttpRequest, pk: Id) -> Any:
    return _outline(_document(request, pk))


@router.post(
    "/documents/{int:pk}/outline/sections",
    auth=token_auth,
    response={201: OutlineSectionOut, 409: ErrorOut},
    summary="Добавить раздел",
)
def section_add(request: HttpRequest, pk: Id, payload: SectionAddIn) -> Any:
    document = _document(request, pk)
    section = structure.section_add(
        actor=api_user(request),
        document=document,
        title=payload.title,
        guidance=payload.guidance,
        parent=_parent(document, payload.parent),
    )
    row = next(r for r in _outline(document) if r["id"] == section.pk)
    return Status(201, row)


@router.patch(
    "/outline/sections/{int:pk}",
    auth=token_auth,
    response={200: OutlineSectionOut, 409: ErrorOut},
    summary="Переименовать раздел",
)
def section_rename(request: HttpRequest, pk: Id, payload: SectionRenameIn) -> Any:
    section = _section(request, pk)
    structure.section_rename(
        actor=api_user(request),
        section=section,
        title=payload.title,
        guidance=payload.guidance,
    )
    return next(r for r in _outline(section.document) if r["id"] == section.pk)


@router.put(
    "/documents/{int:pk}/outline/order",
    auth=token_auth,
    response={200: list[OutlineSectionOut], 409: ErrorOut},
    summary="Изменить порядок разделов",
    description="`order` — номера всех действующих разделов одного уровня в новом порядке; "
    "список, составленный по устаревшей структуре, отклоняется (422), ничего не меняется.",
)
def section_reorder(request: HttpRequest, pk: Id, payload: OrderIn) -> Any:
    document = _document(request, pk)
    structure.section_reorder(
        actor=api_user(request),
        document=document,
        order=payload.order,
        parent=_parent(document, payload.parent),
    )
    return _outline(document)


@router.delete(
    "/outline/sections/{int:pk}",
    auth=token_auth,
    response={200: RemovedOut, 409: ErrorOut},
    summary="Удалить раздел",
    description="Раздел без согласованной или утверждённой редакции удаляется; иначе он "
    "выводится из структуры (`retired`: true) и остаётся в истории.",
)
def section_remove(request: HttpRequest, pk: Id) -> Any:
    section = _section(request, pk)
    retired = structure.section_remove(actor=api_user(request), section=section)
    return {"id": pk, "retired": retired}


@router.post(
    "/outline/sections/{int:pk}/move",
    auth=token_auth,
    response={200: list[OutlineSectionOut], 409: ErrorOut},
    summary="Поднять или опустить раздел на одно место",
)
def section_move(request: HttpRequest, pk: Id, payload: OutlineMoveIn) -> Any:
    section = _section(request, pk)
    offset = -1 if payload.direction == "up" else 1
    structure.section_move(actor=api_user(request), section=section, offset=offset)
    return _outline(section.document)
