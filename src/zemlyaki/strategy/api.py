"""API of the strategy documents: documents, sections with compare-and-swap saves,
comments, amendments, transitions, positions and exports."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from zemlyaki.accounts.api_auth import api_user, optional_auth, require_api_perm, token_auth
from zemlyaki.core.api_schemas import DateIn, Id
from zemlyaki.core.errors import NotFound

from . import assembly, exports, selectors, services
from .models import Amendment, Comment, Document, DocumentStatus, Section, SectionStatus
from .rules import transition_perm

router = Router(tags=["Стратегия"])


class DocumentOut(Schema):
    id: int
    kind: str
    title: str
    slug: str
    period: str
    status: str
    public_url: str | None


class DocumentPage(Schema):
    count: int
    items: list[DocumentOut]


class SectionBrief(Schema):
    id: int
    number: str
    title: str
    status: str
    status_name: str
    owner: str | None
    owner_body: str | None
    deadline: datetime.date | None


class DocumentDetailOut(DocumentOut):
    sections: list[SectionBrief]


class SectionOut(Schema):
    id: int
    number: str
    title: str
    status: str
    text: str
    revision: int | None


class SectionIn(Schema):
    text: str
    base_revision: Id | None
    comment: str = Field("", max_length=300)


class CommentIn(Schema):
    text: str = Field(..., min_length=1)
    paragraph: int | None = Field(None, ge=0)
    parent: Id | None = None
    mentions: list[Id] = []


class CommentOut(Schema):
    id: int
    section: int
    paragraph: int | None
    quote: str
    parent: int | None
    author: str | None
    text: str
    mentions: list[int]
    resolved: bool


class AmendmentIn(Schema):
    paragraph: int = Field(..., ge=0)
    proposed: str = Field(..., min_length=1)
    justification: str = Field(..., min_length=1)


class AmendmentOut(Schema):
    id: int
    section: int
    paragraph: int
    original: str
    proposed: str
    justification: str
    status: str
    reason: str
    result_revision: int | None


class RejectIn(Schema):
    reason: str = Field(..., min_length=1)


class TransitionIn(Schema):
    to: str
    comment: str = ""
    deadline: DateIn | None = None


class PositionIn(Schema):
    stance: str
    text: str = ""


class PositionOut(Schema):
    id: int
    person: str
    stance: str
    text: str


class ConflictOut(Schema):
    detail: str
    current_revision: int | None
    current_text: str
    your_text: str
    conflict_copy: int


class RefusalOut(Schema):
    detail: str


def _user(request: HttpRequest) -> Any:
    return api_user(request)


def document_out(d: Document) -> dict[str, Any]:
    public = (
        reverse("strategy:public_document", kwargs={"slug": d.slug})
        if d.status == DocumentStatus.APPROVED
        else None
    )
    return {
        "id": d.pk,
        "kind": d.kind,
        "title": d.title,
        "slug": d.slug,
        "period": d.period,
        "status": d.status,
        "public_url": public,
    }


def section_out(s: Section) -> dict[str, Any]:
    return {
        "id": s.pk,
        "number": s.number,
        "title": s.title,
        "status": s.status,
        "text": s.text,
        "revision": s.current_revision_id,
    }


def _visible_document(request: HttpRequest, pk: Id) -> Document:
    document = Document.objects.filter(pk=pk).first()
    if document is None:
        raise NotFound(_("Документ не найден."))
    if document.status != DocumentStatus.APPROVED and not _user(request).has_perm(
        "strategy.view_document", document
    ):
        raise NotFound(_("Документ не найден."))
    return document


def _visible_section(request: HttpRequest, pk: Id) -> Section:
    try:
        section = selectors.section_get(pk)
    except Section.DoesNotExist:
        raise NotFound(_("Раздел не найден.")) from None
    if section.document.status != DocumentStatus.APPROVED and not _user(request).has_perm(
        "strategy.view_section", section
    ):
        raise NotFound(_("Раздел не найден."))
    return section


def _export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    document = _visible_document(request, pk)
    if _user(request).has_perm("strategy.view_document", document):
        assembled = assembly.assemble(document)
    else:  # the public gets the approved version, frozen
        version = selectors.approved_version(document)
        if version is None:  # pragma: no cover - approved documents have a version
            raise NotFound(_("Документ не найден."))
        assembled = assembly.from_version(version)
    if fmt == "docx":
        data, content_type = exports.to_docx(assembled), exports_docx_type()
    else:
        data, content_type = exports.to_pdf(assembled), "application/pdf"
    response = HttpResponse(data, content_type=content_type)
    filename = exports.export_filename(assembled, fmt, document.slug)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def exports_docx_type() -> str:
    return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@router.get("/documents/{int:pk}/export.docx", auth=optional_auth, summary="Документ в DOCX")
def document_docx(request: HttpRequest, pk: Id) -> HttpResponse:
    return _export(request, pk, "docx")


@router.get("/documents/{int:pk}/export.pdf", auth=optional_auth, summary="Документ в PDF")
def document_pdf(request: HttpRequest, pk: Id) -> HttpResponse:
    return _export(request, pk, "pdf")


@router.get("/sections/{int:pk}", response=SectionOut, auth=optional_auth, summary="Раздел")
def section_detail(request: HttpRequest, pk: Id) -> dict[str, Any]:
    return section_out(_visible_section(request, pk))


@router.put(
    "/sections/{int:pk}",
    auth=token_auth,
    response={200: SectionOut, 409: ConflictOut | RefusalOut},
    summary="Сохранить текст раздела",
    description="Сохраняет текст новой редакцией. `base_revision` — редакция, с которой "
    "начата правка; если она уже не действующая, ответ 409 с обоими текстами, "
    "и ничего не перезаписывается.",
)
def section_save(request: HttpRequest, pk: Id, payload: SectionIn) -> Any:
    section = _visible_section(request, pk)
    require_api_perm(request, "strategy.draft_section", section)
    services.section_save(
        actor=_user(request),
        section=section,
        text=payload.text,
        base_revision=payload.base_revision,
        comment=payload.comment,
    )
    return section_out(selectors.section_get(pk))


def comment_out(c: Comment) -> dict[str, Any]:
    return {
        "id": c.pk,
        "section": c.section_id,
        "paragraph": c.paragraph,
        "quote": c.quote,
        "parent": c.parent_id,
        "author": str(c.author) if c.author else None,
        "text": c.text,
        "mentions": sorted(p.pk for p in c.mentions.all()),
        "resolved": c.resolved_at is not None,
    }


@router.post(
    "/sections/{int:pk}/comments",
    auth=token_auth,
    response={201: CommentOut, 409: RefusalOut},
    summary="Замечание к разделу",
)
def comment_create(request: HttpRequest, pk: Id, payload: CommentIn) -> Any:
    section = _visible_section(request, pk)
    require_api_perm(request, "strategy.add_comment", section)
    parent = None
    if payload.parent is not None:
        parent = Comment.objects.filter(pk=payload.parent, section=section).first()
        if parent is None:
            raise ValidationError({"parent": [_("Замечание не найдено в этом разделе.")]})
    people = list(selectors.people_for_mentions().filter(pk__in=payload.mentions))
    if len(people) != len(set(payload.mentions)):
        raise ValidationError({"mentions": [_("Участник не найден.")]})
    comment = services.comment_create(
        actor=_user(request),
        section=section,
        text=payload.text,
        paragraph=payload.paragraph,
        parent=parent,
        mentions=people,
    )
    return Status(201, comment_out(comment))


def amendment_out(a: Amendment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "section": a.section_id,
        "paragraph": a.paragraph,
        "original": a.original,
        "proposed": a.proposed,
        "justification": a.justification,
        "status": a.status,
        "reason": a.reason,
        "result_revision": a.result_revision_id,
    }


@router.post(
    "/sections/{int:pk}/amendments",
    auth=token_auth,
    response={201: AmendmentOut, 409: RefusalOut},
    summary="Поправка к абзацу раздела",
)
def amendment_create(request: HttpRequest, pk: Id, payload: AmendmentIn) -> Any:
    section = _visible_section(request, pk)
    require_api_perm(request, "strategy.propose_amendment", section)
    amendment = services.amendment_create(
        actor=_user(request),
        section=section,
        paragraph=payload.paragraph,
        proposed=payload.proposed,
        justification=payload.justification,
    )
    return Status(201, amendment_out(amendment))


def _amendment(request: HttpRequest, pk: Id) -> Amendment:
    amendment = Amendment.objects.select_related("section").filter(pk=pk).first()
    if amendment is None:
        raise NotFound(_("Поправка не найдена."))
    _visible_section(request, amendment.section_id)
    require_api_perm(request, "strategy.decide_amendment", amendment)
    return amendment


@router.post(
    "/amendments/{int:pk}/accept",
    auth=token_auth,
    response={200: AmendmentOut, 409: RefusalOut},
    summary="Принять поправку",
)
def amendment_accept(request: HttpRequest, pk: Id) -> Any:
    amendment = _amendment(request, pk)
    services.amendment_accept(actor=_user(request), amendment=amendment)
    return amendment_out(Amendment.objects.get(pk=pk))


@router.post(
    "/amendments/{int:pk}/reject",
    auth=token_auth,
    response={200: AmendmentOut, 409: RefusalOut},
    summary="Отклонить поправку",
)
def amendment_reject(request: HttpRequest, pk: Id, payload: RejectIn) -> Any:
    amendment = _amendment(request, pk)
    services.amendment_reject(actor=_user(request), amendment=amendment, reason=payload.reason)
    return amendment_out(Amendment.objects.get(pk=pk))


@router.post(
    "/sections/{int:pk}/transition",
    auth=token_auth,
    response={200: SectionOut, 409: RefusalOut},
    summary="Сменить статус раздела",
    description="`to`: review (на рассмотрение), rework (на доработку), agreed (согласован). "
    "Утверждение — только решением мероприятия.",
)
def section_transition(request: HttpRequest, pk: Id, payload: TransitionIn) -> Any:
    section = _visible_section(request, pk)
    if payload.to not in SectionStatus.values:
        raise ValidationError(
            {
                "to": [
                    _("Неизвестный статус; допустимы: %(values)s.")
                    % {"values": ", ".join(SectionStatus.values)}
                ]
            }
        )
    require_api_perm(request, transition_perm(payload.to), section)
    services.section_transition(
        actor=_user(request),
        section=section,
        to=payload.to,
        comment=payload.comment,
        deadline=payload.deadline,
    )
    return section_out(selectors.section_get(pk))


@router.post(
    "/sections/{int:pk}/positions",
    auth=token_auth,
    response={200: PositionOut, 409: RefusalOut},
    summary="Позиция члена органа по разделу",
)
def position_record(request: HttpRequest, pk: Id, payload: PositionIn) -> Any:
    section = _visible_section(request, pk)
    require_api_perm(request, "strategy.record_position", section)
    position = services.position_record(
        actor=_user(request), section=section, stance=payload.stance, text=payload.text
    )
    return {
        "id": position.pk,
        "person": str(position.person),
        "stance": position.stance,
        "text": position.text,
    }


# The outline (add, rename, reorder, remove sections) lives in its own module.
from .api_structure import router as structure_router  # noqa: E402

router.add_router("", structure_router)
