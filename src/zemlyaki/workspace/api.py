"""The spaces' API: threads and posts, the file library and its versions.

Reading follows each model's ``visible_to(user)``: an object the caller may not see is
404, as a missing one. Writing calls the same services as the pages."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File as FileParam
from ninja import Form, Router, Status
from ninja.files import UploadedFile

from zemlyaki.accounts.api_auth import current_user, optional_auth, token_auth
from zemlyaki.core.api_schemas import ErrorOut, Id, Limit, Offset, Page, page_slice
from zemlyaki.core.errors import Invalid
from zemlyaki.core.visibility import get_visible_or_404

from . import library, selectors, services
from .api_schemas import FileOut, PostIn, PostOut, ThreadIn, ThreadOut, VersionOut
from .markup import render_post
from .models import File, FileVersion, Post, Space, Thread

router = Router(tags=["Рабочие пространства"])


def thread_out(t: Thread) -> dict[str, Any]:
    kind = t.target_type
    target = f"{kind.app_label}.{kind.model}:{t.target_id}" if kind is not None else None
    return {
        "id": t.pk,
        "space": t.space_id,
        "title": t.title,
        "audience": t.audience,
        "target": target,
        "last_post_at": t.last_post_at,
    }


def post_out(p: Post) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for r in p.reactions.all():
        counts[r.kind] = counts.get(r.kind, 0) + 1
    return {
        "id": p.pk,
        "thread": p.thread_id,
        "author": p.author.username if p.author else None,
        "text": p.text,
        "html": render_post(p.text, [u.username for u in p.mentions.all()]),
        "quote_of": p.quote_of_id,
        "mentions": [u.username for u in p.mentions.all()],
        "attachments": [f.pk for f in p.attachments.all()],
        "reactions": counts,
        "created_at": p.created_at,
        "edited_at": p.edited_at,
    }


def version_out(v: FileVersion) -> dict[str, Any]:
    return {
        "id": v.pk,
        "number": v.number,
        "author": v.created_by.username if v.created_by else None,
        "created_at": v.created_at,
        "size": v.size,
        "content_type": v.content_type,
        "note": v.note,
        "restored_from": v.restored_from_id,
        "url": v.blob.url,
    }


def file_out(f: File) -> dict[str, Any]:
    return {
        "id": f.pk,
        "space": f.space_id,
        "folder": f.folder_id,
        "title": f.title,
        "current": version_out(f.current) if f.current else None,
    }


def _files(space: Space, ids: list[int]) -> list[File]:
    found = list(File.objects.filter(space=space, pk__in=ids))
    if len(found) != len(set(ids)):
        raise Invalid({"attachments": [_("Прикладывать можно только файлы этого пространства.")]})
    return found


@router.get(
    "/spaces/{space_id}/threads",
    auth=optional_auth,
    response={200: Page[ThreadOut], 404: ErrorOut},
    summary="Обсуждения пространства",
)
def threads(request: HttpRequest, space_id: Id, limit: Limit = 50, offset: Offset = 0) -> Any:
    user = current_user(request)
    space = Space.objects.filter(pk=space_id).first()
    if space is None:
        get_visible_or_404(Space, user, pk=space_id)
    rows = Thread.objects.visible_to(user).filter(space_id=space_id).select_related("target_type")
    if not rows.exists():
        get_visible_or_404(Space, user, pk=space_id)  # an empty list only for its readers
    return {
        "count": rows.count(),
        "items": [thread_out(t) for t in rows[page_slice(limit, offset)]],
    }


@router.post(
    "/spaces/{space_id}/threads",
    auth=token_auth,
    response={201: ThreadOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Начать обсуждение",
)
def thread_create(request: HttpRequest, space_id: Id, payload: ThreadIn) -> Any:
    user = current_user(request)
    space = get_visible_or_404(Space, user, pk=space_id)
    target = None
    if payload.target:
        target = selectors.parse_target(payload.target, user)
        if target is None:
            raise Invalid({"target": [_("Объект не найден.")]})
    thread = services.thread_create(
        actor=user,
        space=space,
        title=payload.title,
        text=payload.text,
        audience=payload.audience,
        target=target,
        attachments=_files(space, payload.attachments),
    )
    return Status(201, thread_out(thread))


@router.get(
    "/threads/{thread_id}/posts",
    auth=optional_auth,
    response={200: Page[PostOut], 404: ErrorOut},
    summary="Сообщения обсуждения",
)
def posts(request: HttpRequest, thread_id: Id, limit: Limit = 50, offset: Offset = 0) -> Any:
    thread = get_visible_or_404(Thread, current_user(request), pk=thread_id)
    rows = thread.posts.select_related("author").prefetch_related(
        "mentions", "attachments", "reactions"
    )
    return {"count": rows.count(), "items": [post_out(p) for p in rows[page_slice(limit, offset)]]}


@router.post(
    "/threads/{thread_id}/posts",
    auth=token_auth,
    response={201: PostOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Ответить в обсуждении",
)
def post_create(request: HttpRequest, thread_id: Id, payload: PostIn) -> Any:
    user = current_user(request)
    thread = get_visible_or_404(Thread, user, pk=thread_id)
    quote = None
    if payload.quote_of:
        quote = thread.posts.filter(pk=payload.quote_of).first()
        if quote is None:
            raise Invalid({"quote_of": ["Цитировать можно только сообщение этого обсуждения."]})
    post = services.post_create(
        actor=user,
        thread=thread,
        text=payload.text,
        quote_of=quote,
        attachments=_files(thread.space, payload.attachments),
    )
    return Status(201, post_out(post))


@router.get(
    "/spaces/{space_id}/files",
    auth=token_auth,
    response={200: Page[FileOut], 404: ErrorOut},
    summary="Файлы пространства",
)
def files(
    request: HttpRequest, space_id: Id, q: str = "", limit: Limit = 50, offset: Offset = 0
) -> Any:
    user = current_user(request)
    space = get_visible_or_404(Space, user, pk=space_id)
    rows = File.objects.visible_to(user).filter(space=space).select_related("current__created_by")
    if q.strip():
        from zemlyaki.core.text import search_q

        rows = rows.filter(search_q(q[:200]))
    return {"count": rows.count(), "items": [file_out(f) for f in rows[page_slice(limit, offset)]]}


@router.post(
    "/spaces/{space_id}/files",
    auth=token_auth,
    response={201: FileOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Загрузить файл (multipart)",
)
def file_create(
    request: HttpRequest,
    space_id: Id,
    file: FileParam[UploadedFile],  # type: ignore[type-arg]
    title: Form[str] = "",  # type: ignore[type-arg]
    note: Form[str] = "",  # type: ignore[type-arg]
) -> Any:
    user = current_user(request)
    space = get_visible_or_404(Space, user, pk=space_id)
    created = library.file_upload(actor=user, space=space, upload=file, title=title, note=note)
    return Status(201, file_out(created))


@router.get(
    "/files/{file_id}/versions",
    auth=token_auth,
    response={200: Page[VersionOut], 404: ErrorOut},
    summary="Версии файла",
)
def versions(request: HttpRequest, file_id: Id, limit: Limit = 50, offset: Offset = 0) -> Any:
    found = get_visible_or_404(File, current_user(request), pk=file_id)
    rows = found.versions.select_related("created_by").order_by("number")
    return {
        "count": rows.count(),
        "items": [version_out(v) for v in rows[page_slice(limit, offset)]],
    }


@router.post(
    "/files/{file_id}/versions",
    auth=token_auth,
    response={201: VersionOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Загрузить новую версию (multipart)",
)
def version_create(
    request: HttpRequest,
    file_id: Id,
    file: FileParam[UploadedFile],  # type: ignore[type-arg]
    note: Form[str] = "",  # type: ignore[type-arg]
) -> Any:
    user = current_user(request)
    found = get_visible_or_404(File, user, pk=file_id)
    version = library.version_upload(actor=user, file=found, upload=file, note=note)
    return Status(201, version_out(version))
