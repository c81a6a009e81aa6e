"""API of the plan, the rest of what its pages do: attach and remove a task's result
documents, import a plan from a file — the same permissions, services and audit as the
pages. (Operations on the paths of ``api.py`` — a plan, a task — live there: one path, one
router.)"""

import base64
import binascii
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from pydantic import field_validator

from zemlyaki.accounts.api_auth import api_user, require_api_perm, token_auth
from zemlyaki.core.api_schemas import Id

from . import importing, services
from .api_schemas import PlanOut, plan_out, strip_text
from .models import Task, TaskResult
from .parsed import PlanParseError
from .parsing import parse_plan_file

router = Router(tags=["План"])


class FileIn(Schema):
    filename: str = Field(min_length=1, max_length=200, description="Имя файла.")
    content_base64: str = Field(max_length=40_000_000, description="Содержимое в base64.")


class ResultIn(Schema):
    title: str = Field(min_length=1, max_length=300)
    url: str = Field("", max_length=200)
    file: FileIn | None = None

    _strip_strings = field_validator("title", "url", mode="before")(strip_text)


class ResultOut(Schema):
    id: int
    task: int
    title: str
    url: str
    file: str


class ImportIn(Schema):
    text: str = Field("", max_length=200_000, description="Текст плана (вместо файла).")
    file: FileIn | None = Field(None, description="Файл .txt, .yaml или .xlsx в base64.")
    title: str = Field("", max_length=300, description="Название; если пусто — из файла.")
    is_main: bool = False
    dry_run: bool = Field(False, description="Только разобрать и показать, ничего не сохраняя.")


class ImportTaskOut(Schema):
    line: int
    number: str
    title: str
    due_date: str | None
    owner_body: int | None
    owner_person: str
    depends_on: list[str]


class PlanImportPreviewOut(Schema):
    title: str
    source: str
    tasks: list[ImportTaskOut]
    warnings: list[str]


def _decoded(upload: FileIn) -> ContentFile[bytes]:
    try:
        data = base64.b64decode(upload.content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError({"file": [_("Файл не в кодировке base64.")]}) from None
    return ContentFile(data, name=upload.filename)


def _result_out(result: TaskResult) -> dict[str, Any]:
    return {
        "id": result.pk,
        "task": result.task_id,
        "title": result.title,
        "url": result.url,
        "file": result.file.name if result.file else "",
    }


@router.post(
    "/tasks/{task_id}/results",
    auth=token_auth,
    response={201: ResultOut},
    summary="Добавить документ-результат мероприятия",
)
def task_result_add(request: HttpRequest, task_id: Id, payload: ResultIn) -> Status[Any]:
    """A link (``url``) or a file (``file``, in base64) up to 25 MB."""
    task = get_object_or_404(Task.objects.select_related("plan"), pk=task_id)
    require_api_perm(request, "plan.change_task", task)
    upload = _decoded(payload.file) if payload.file is not None else None
    result = services.task_add_result(
        actor=api_user(request), task=task, title=payload.title, url=payload.url, file=upload
    )
    return Status(201, _result_out(result))


@router.delete(
    "/task-results/{result_id}",
    auth=token_auth,
    response={204: None},
    summary="Убрать документ из результатов мероприятия",
)
def task_result_delete(request: HttpRequest, result_id: Id) -> Status[Any]:
    result = get_object_or_404(TaskResult.objects.select_related("task__plan"), pk=result_id)
    require_api_perm(request, "plan.change_task", result.task)
    services.task_remove_result(actor=api_user(request), result=result)
    return Status(204, None)


@router.post(
    "/plan-imports",
    auth=token_auth,
    response={200: PlanImportPreviewOut, 201: PlanOut},
    summary="Загрузить план из файла или текста",
)
def plan_import(request: HttpRequest, payload: ImportIn) -> Status[Any]:
    """With ``dry_run`` the plan is only read (200: its tasks, the bodies proposed for them and
    the reader's warnings); otherwise it is created (201). Errors of the file — 422 on ``file``,
    one message a line."""
    require_api_perm(request, "plan.import_plan")
    if (payload.file is None) == (not payload.text.strip()):
        raise ValidationError({"file": [_("Загрузите файл или вставьте текст плана.")]})
    if payload.file is not None:
        upload = _decoded(payload.file)
        importing.check_plan_file(payload.file.filename, upload.size)
        name, data = payload.file.filename, upload.read()
    else:
        name, data = "plan.txt", payload.text.encode("utf-8")
    try:
        source, parsed = parse_plan_file(name, data)
    except PlanParseError as error:
        raise ValidationError({"file": [str(e) for e in error.errors]}) from None
    importing.suggest_bodies(parsed)
    if payload.dry_run:
        tasks = [
            {
                "line": t.line,
                "number": t.number,
                "title": t.title,
                "due_date": t.due_date.isoformat() if t.due_date else None,
                "owner_body": t.owner_body_id,
                "owner_person": t.owner_person,
                "depends_on": list(t.depends_on),
            }
            for t in parsed.tasks
        ]
        title = payload.title or parsed.title
        warnings = [str(w) for w in parsed.warnings]
        return Status(200, {"title": title, "source": source, "tasks": tasks, "warnings": warnings})
    plan = importing.plan_import(
        actor=api_user(request),
        parsed=parsed,
        title=payload.title,
        source=source,
        is_main=payload.is_main,
    )
    return Status(201, plan_out(plan, plan.tasks.count(), None))
