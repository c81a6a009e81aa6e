"""API of a section's other page actions: its settings, restoring an old revision,
resolving a comment and merging an amendment by hand, with the same rights and services
as the section pages."""

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from zemlyaki.accounts.api_auth import require_api_perm, token_auth
from zemlyaki.core.api_schemas import DateIn, Id
from zemlyaki.core.errors import NotFound

from . import selectors, services
from .api import (
    AmendmentOut,
    CommentOut,
    ConflictOut,
    RefusalOut,
    SectionOut,
    _amendment,
    _user,
    _visible_section,
    amendment_out,
    comment_out,
    section_out,
)
from .api_documents import related
from .models import Amendment, Comment, Revision, Section

router = Router(tags=["Стратегия"])


class SettingsPatch(Schema):
    """Only the fields sent are changed."""

    title: str | None = Field(None, min_length=1, max_length=300)
    guidance: str | None = None
    owner: Id | None = Field(None, description="Участник, который готовит раздел.")
    owner_body: Id | None = Field(None, description="Орган, который готовит раздел.")
    deadline: DateIn | None = None
    plan_task: Id | None = Field(None, description="Мероприятие плана, чей срок — срок раздела.")


class SettingsOut(Schema):
    id: int
    title: str
    guidance: str
    owner: int | None
    owner_body: int | None
    deadline: datetime.date | None
    plan_task: int | None


class BaseIn(Schema):
    base_revision: Id | None = Field(
        ..., description="Действующая редакция, с которой начато действие."
    )


class MergeIn(BaseIn):
    text: str


@router.patch(
    "/sections/{int:pk}/settings",
    auth=token_auth,
    response={200: SettingsOut, 409: RefusalOut},
    summary="Настройки раздела: заголовок, ответственный, срок",
)
def section_settings(request: HttpRequest, pk: Id, payload: SettingsPatch) -> Any:
    section = _visible_section(request, pk)
    require_api_perm(request, "strategy.change_section_settings", section)
    fields = payload.dict(exclude_unset=True)
    for name in ("owner", "owner_body", "plan_task"):
        if name in fields:
            fields[name] = related(Section, name, fields[name])
    services.section_update_settings(actor=_user(request), section=section, **fields)
    saved = Section.objects.get(pk=pk)
    return {
        "id": saved.pk,
        "title": saved.title,
        "guidance": saved.guidance,
        "owner": saved.owner_id,
        "owner_body": saved.owner_body_id,
        "deadline": saved.deadline,
        "plan_task": saved.plan_task_id,
    }


@router.post(
    "/sections/{int:pk}/revisions/{int:number}/restore",
    auth=token_auth,
    response={200: SectionOut, 409: ConflictOut | RefusalOut},
    summary="Восстановить редакцию как новую",
    description="Если `base_revision` уже не действующая, ответ 409 с обоими текстами.",
)
def revision_restore(request: HttpRequest, pk: Id, number: Id, payload: BaseIn) -> Any:
    section = _visible_section(request, pk)
    require_api_perm(request, "strategy.draft_section", section)
    revision = Revision.objects.filter(section=section, number=number).first()
    if revision is None:
        raise NotFound(_("Редакция не найдена."))
    services.revision_restore(
        actor=_user(request),
        section=section,
        revision=revision,
        base_revision=payload.base_revision,
    )
    return section_out(selectors.section_get(pk))


@router.post(
    "/comments/{int:pk}/resolve",
    auth=token_auth,
    response={200: CommentOut, 409: RefusalOut},
    summary="Снять замечание",
)
def comment_resolve(request: HttpRequest, pk: Id) -> Any:
    comment = Comment.objects.select_related("section").filter(pk=pk).first()
    if comment is None:
        raise NotFound(_("Замечание не найдено."))
    _visible_section(request, comment.section_id)
    require_api_perm(request, "strategy.resolve_comment", comment)
    services.comment_resolve(actor=_user(request), comment=comment)
    return comment_out(Comment.objects.get(pk=pk))


@router.post(
    "/amendments/{int:pk}/merge",
    auth=token_auth,
    response={200: AmendmentOut, 409: ConflictOut | RefusalOut},
    summary="Учесть поправку вручную",
    description="Сохраняет текст раздела с учётом поправки новой редакцией; если "
    "`base_revision` уже не действующая, ответ 409 с обоими текстами.",
)
def amendment_merge(request: HttpRequest, pk: Id, payload: MergeIn) -> Any:
    amendment = _amendment(request, pk)
    services.amendment_merge(
        actor=_user(request),
        amendment=amendment,
        text=payload.text,
        base_revision=payload.base_revision,
    )
    return amendment_out(Amendment.objects.get(pk=pk))
