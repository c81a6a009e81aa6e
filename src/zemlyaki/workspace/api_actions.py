"""API of the other actions of the space pages: opening a space for an event or a
program, folders, the messenger connection, a thread's readers, editing and reacting to a
post, linking a file, restoring a version and one's own mail setting. The same services
(which check the rights themselves) as the pages."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from zemlyaki.accounts.api_auth import current_user, require_api_perm, token_auth
from zemlyaki.core.api_schemas import Id
from zemlyaki.core.errors import Invalid, NotFound
from zemlyaki.core.visibility import get_visible_or_404
from zemlyaki.governance.models import Body

from . import library, selectors, services
from .api import file_out, post_out, thread_out, version_out
from .api_schemas import FileOut, PostOut, ThreadOut, VersionOut
from .models import File, FileVersion, Folder, Post, Space, Thread

router = Router(tags=["Рабочие пространства"], auth=token_auth)

TARGET = Field(max_length=100, description="Объект: «events.event:12», «programs.program:3».")


class OpenIn(Schema):
    body: Id = Field(description="Орган, от имени которого открывается пространство.")
    target: str = TARGET


class SpaceOut(Schema):
    id: int
    title: str


class FolderIn(Schema):
    name: str = Field(max_length=200)
    parent: Id | None = None


class FolderOut(Schema):
    id: int
    space: int
    parent: int | None
    name: str


class ConnectionIn(Schema):
    chat_id: str = Field(max_length=100, description="Идентификатор группы в мессенджере.")
    token_name: str = Field(max_length=100, description="Имя секрета с токеном бота.")
    enabled: bool = False


class ConnectionOut(Schema):
    space: int
    adapter: str
    chat_id: str
    token_name: str
    enabled: bool


class AudienceIn(Schema):
    audience: str = Field(description="body, signed_in или public.")


class TextIn(Schema):
    text: str = Field(max_length=20_000)


class ReactionIn(Schema):
    kind: str = Field(max_length=20)


class ReactionOut(Schema):
    set: bool
    post: PostOut


class SpaceLinkIn(Schema):
    target: str = TARGET


class ModeIn(Schema):
    mode: str = Field(description="immediate, digest или off.")


class ModeOut(Schema):
    mode: str


def _target(value: str, user: Any) -> Any:
    target = selectors.parse_target(value, user)
    if target is None:
        raise Invalid({"target": [_("Объект не найден.")]})
    return target


@router.post("/spaces/open", response=SpaceOut, summary="Открыть пространство объекта")
def space_open(request: HttpRequest, payload: OpenIn) -> Any:
    user = current_user(request)
    require_api_perm(request, "workspace.list_spaces")
    body = Body.objects.filter(pk=payload.body).first()
    if body is None:
        raise Invalid({"body": [_("Орган не найден.")]})
    space = services.space_open_for(actor=user, body=body, target=_target(payload.target, user))
    return {"id": space.pk, "title": str(space)}


@router.post("/spaces/{space_id}/folders", response={201: FolderOut}, summary="Новая папка")
def folder_create(request: HttpRequest, space_id: Id, payload: FolderIn) -> Any:
    user = current_user(request)
    space = get_visible_or_404(Space, user, pk=space_id)
    parent = None
    if payload.parent is not None:
        parent = Folder.objects.filter(space=space, pk=payload.parent).first()
        if parent is None:
            raise Invalid({"parent": [_("Папка не найдена.")]})
    folder = library.folder_create(actor=user, space=space, name=payload.name, parent=parent)
    return Status(
        201,
        {"id": folder.pk, "space": space.pk, "parent": folder.parent_id, "name": folder.name},
    )


@router.put(
    "/spaces/{space_id}/connection",
    response=ConnectionOut,
    summary="Подключить пространство к группе мессенджера",
)
def connection_save(request: HttpRequest, space_id: Id, payload: ConnectionIn) -> Any:
    user = current_user(request)
    space = get_visible_or_404(Space, user, pk=space_id)
    saved = services.connection_save(
        actor=user,
        space=space,
        chat_id=payload.chat_id,
        token_name=payload.token_name,
        enabled=payload.enabled,
    )
    return {
        "space": space.pk,
        "adapter": saved.adapter,
        "chat_id": saved.chat_id,
        "token_name": saved.token_name,
        "enabled": saved.enabled,
    }


@router.patch("/threads/{thread_id}", response=ThreadOut, summary="Кто читает обсуждение")
def thread_audience(request: HttpRequest, thread_id: Id, payload: AudienceIn) -> Any:
    user = current_user(request)
    thread = get_visible_or_404(Thread, user, pk=thread_id)
    services.thread_set_audience(actor=user, thread=thread, audience=payload.audience)
    return thread_out(Thread.objects.select_related("target_type").get(pk=thread.pk))


@router.patch("/posts/{post_id}", response=PostOut, summary="Исправить сообщение")
def post_edit(request: HttpRequest, post_id: Id, payload: TextIn) -> Any:
    user = current_user(request)
    post = get_visible_or_404(Post, user, pk=post_id)
    require_api_perm(request, "workspace.change_post", post)
    services.post_edit(actor=user, post=post, text=payload.text)
    return post_out(Post.objects.get(pk=post.pk))


@router.post(
    "/posts/{post_id}/reactions",
    response=ReactionOut,
    summary="Отметить сообщение или снять отметку",
)
def post_react(request: HttpRequest, post_id: Id, payload: ReactionIn) -> Any:
    user = current_user(request)
    post = get_visible_or_404(Post, user, pk=post_id)
    now_set = services.reaction_toggle(actor=user, post=post, kind=payload.kind)
    return {"set": now_set, "post": post_out(Post.objects.get(pk=post.pk))}


@router.post("/files/{file_id}/links", response=FileOut, summary="Привязать файл к объекту")
def file_link(request: HttpRequest, file_id: Id, payload: SpaceLinkIn) -> Any:
    user = current_user(request)
    file = get_visible_or_404(File, user, pk=file_id)
    require_api_perm(request, "workspace.upload_file", file.space)
    library.file_link(actor=user, file=file, target=_target(payload.target, user))
    return file_out(File.objects.get(pk=file.pk))


@router.post(
    "/versions/{version_id}/restore",
    response={201: VersionOut},
    summary="Восстановить версию файла (новой версией)",
)
def version_restore(request: HttpRequest, version_id: Id) -> Any:
    user = current_user(request)
    version = FileVersion.objects.select_related("file__space").filter(pk=version_id).first()
    if version is None:
        raise NotFound(_("Версия не найдена."))
    get_visible_or_404(File, user, pk=version.file_id)
    restored = library.version_restore(actor=user, version=version)
    return Status(201, version_out(restored))


@router.put("/me/notifications", response=ModeOut, summary="Письма об обсуждениях")
def notify_settings(request: HttpRequest, payload: ModeIn) -> Any:
    require_api_perm(request, "workspace.list_spaces")
    return {"mode": services.notify_mode_set(user=current_user(request), mode=payload.mode)}
