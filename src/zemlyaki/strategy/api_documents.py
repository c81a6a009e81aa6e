"""API of the strategy's documents: the list, one document with its sections, and the
same creation and change as the document pages (``strategy.add_document``,
``strategy.change_document``, the services ``document_create`` and ``document_update``)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from zemlyaki.accounts.api_auth import optional_auth, require_api_perm, token_auth
from zemlyaki.core.api_schemas import Id, Limit, Offset, Year, page_slice

from . import selectors, services
from .api import DocumentDetailOut, DocumentPage, RefusalOut, _user, _visible_document, document_out
from .models import Document, DocumentKind

router = Router(tags=["Стратегия"])


class DocumentIn(Schema):
    kind: str = Field(
        DocumentKind.STRATEGY,
        description="Вид документа: strategy — стратегия, standard — стандарт работы "
        "землячества, site_concept — концепция сайта.",
    )
    title: str = Field(..., max_length=300)
    period_from: Year | None = None
    period_to: Year | None = None
    reviewing_body: Id | None = Field(None, description="Орган, который рассматривает разделы.")


class DocumentPatch(Schema):
    """Only the fields sent are changed; the kind of a document stays."""

    title: str | None = Field(None, max_length=300)
    period_from: Year | None = None
    period_to: Year | None = None
    reviewing_body: Id | None = None


def related(model: type[models.Model], field: str, pk: int | None) -> Any:
    """The object a foreign key of ``model`` points to, or 422 naming ``field``."""
    if pk is None:
        return None
    target = model._meta.get_field(field).related_model
    found = target._default_manager.filter(pk=pk).first()  # type: ignore[union-attr]
    if found is None:
        raise ValidationError({field: [_("Не найдено: %(id)s.") % {"id": pk}]})
    return found


@router.get("/documents", response=DocumentPage, auth=optional_auth, summary="Документы")
def documents(
    request: HttpRequest, q: str = "", kind: str = "", limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    qs = selectors.document_list(user=_user(request), q=q, kind=kind)
    window = page_slice(limit, offset)
    return {"count": qs.count(), "items": [document_out(d) for d in qs[window]]}


@router.get(
    "/documents/{int:pk}", response=DocumentDetailOut, auth=optional_auth, summary="Документ"
)
def document_detail(request: HttpRequest, pk: Id) -> dict[str, Any]:
    document = _visible_document(request, pk)
    sections = selectors.section_rows(document)
    return {
        **document_out(document),
        "sections": [
            {
                "id": s.pk,
                "number": s.number,
                "title": s.title,
                "status": s.status,
                "status_name": s.get_status_display(),
                "owner": str(s.owner) if s.owner else None,
                "owner_body": str(s.owner_body) if s.owner_body else None,
                "deadline": getattr(s, "effective_deadline", None),
            }
            for s in sections
        ],
    }


@router.post(
    "/documents",
    auth=token_auth,
    response={201: DocumentDetailOut},
    summary="Создать документ",
    description="Стратегия получает шесть разделов предложения, как на странице.",
)
def document_create(request: HttpRequest, payload: DocumentIn) -> Status[Any]:
    require_api_perm(request, "strategy.add_document")
    document = services.document_create(
        actor=_user(request),
        kind=payload.kind,
        title=payload.title,
        period_from=payload.period_from,
        period_to=payload.period_to,
        reviewing_body=related(Document, "reviewing_body", payload.reviewing_body),
    )
    return Status(201, document_detail(request, document.pk))


@router.patch(
    "/documents/{int:pk}",
    auth=token_auth,
    response={200: DocumentDetailOut, 409: RefusalOut},
    summary="Изменить документ",
)
def document_update(request: HttpRequest, pk: Id, payload: DocumentPatch) -> Any:
    document = _visible_document(request, pk)
    require_api_perm(request, "strategy.change_document", document)
    fields = payload.dict(exclude_unset=True)
    if "reviewing_body" in fields:
        fields["reviewing_body"] = related(Document, "reviewing_body", fields["reviewing_body"])
    services.document_update(actor=_user(request), document=document, **fields)
    return document_detail(request, pk)
