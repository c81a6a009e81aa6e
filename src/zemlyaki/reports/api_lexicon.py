"""API of the analysis dictionary and of the review of findings: the same services and
rights as the lexicon page and the verdict buttons of a report's page."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from zemlyaki.accounts.api_auth import api_user, require_api_perm, token_auth
from zemlyaki.core.api_schemas import Id
from zemlyaki.core.errors import NotFound

from . import services
from .models import ActivityDirection, LexiconEntry, ReportFinding

router = Router(tags=["Годовые отчёты"])


class EntryIn(Schema):
    kind: str = Field(..., description="Вид: направление, признак успеха или неудачи.")
    phrase: str = Field(..., max_length=200)
    direction: str | None = Field(None, description="Код направления деятельности.")
    is_exclusion: bool = False


class EntryPatch(Schema):
    phrase: str = Field(..., max_length=200)
    direction: str | None = Field(None, description="Код направления деятельности.")
    is_exclusion: bool = False


class EntryOut(Schema):
    id: int
    kind: str
    phrase: str
    direction: str | None
    is_exclusion: bool
    source: str


class ReviewIn(Schema):
    verdict: str = Field(..., description="confirmed — подтвердить, rejected — отклонить.")
    direction: str | None = Field(None, description="Верное направление (код).")
    phrase: str = Field("", max_length=200, description="Фраза-исключение.")


class FindingOut(Schema):
    id: int
    report: int
    kind: str
    category: str
    review: str


def _direction(code: str | None) -> ActivityDirection | None:
    if code is None:
        return None
    direction = ActivityDirection.objects.filter(code=code).first()
    if direction is None:
        raise ValidationError(
            {"direction": [_("Нет направления с кодом %(code)s.") % {"code": code}]}
        )
    return direction


def _entry_out(entry: LexiconEntry) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "kind": entry.kind,
        "phrase": entry.phrase,
        "direction": entry.direction.code if entry.direction else None,
        "is_exclusion": entry.is_exclusion,
        "source": entry.source,
    }


@router.post(
    "/lexicon", auth=token_auth, response={201: EntryOut}, summary="Добавить фразу в словарь"
)
def lexicon_entry_create(request: HttpRequest, payload: EntryIn) -> Status[Any]:
    require_api_perm(request, "reports.edit_lexicon")
    entry = services.lexicon_entry_create(
        actor=api_user(request),
        kind=payload.kind,
        phrase=payload.phrase,
        direction=_direction(payload.direction),
        is_exclusion=payload.is_exclusion,
    )
    return Status(201, _entry_out(entry))


@router.put(
    "/lexicon/{entry_id}", auth=token_auth, response=EntryOut, summary="Изменить фразу словаря"
)
def lexicon_entry_update(request: HttpRequest, entry_id: Id, payload: EntryPatch) -> dict[str, Any]:
    require_api_perm(request, "reports.edit_lexicon")
    entry = get_object_or_404(LexiconEntry, pk=entry_id)
    entry = services.lexicon_entry_update(
        actor=api_user(request),
        entry=entry,
        phrase=payload.phrase,
        direction=_direction(payload.direction),
        is_exclusion=payload.is_exclusion,
    )
    return _entry_out(entry)


@router.delete(
    "/lexicon/{entry_id}", auth=token_auth, response={204: None}, summary="Удалить фразу словаря"
)
def lexicon_entry_delete(request: HttpRequest, entry_id: Id) -> Status[Any]:
    require_api_perm(request, "reports.edit_lexicon")
    entry = get_object_or_404(LexiconEntry, pk=entry_id)
    services.lexicon_entry_delete(actor=api_user(request), entry=entry)
    return Status(204, None)


@router.post(
    "/findings/{finding_id}/review",
    auth=token_auth,
    response=FindingOut,
    summary="Подтвердить или отклонить находку анализа",
    description="Отклонённая находка учит словарь: фраза-исключение (по умолчанию — "
    "сработавшая) или верное направление учтутся при следующем анализе.",
)
def finding_review(request: HttpRequest, finding_id: Id, payload: ReviewIn) -> dict[str, Any]:
    finding = (
        ReportFinding.objects.select_related("report__association").filter(pk=finding_id).first()
    )
    if finding is None or not api_user(request).has_perm("reports.view_report", finding.report):
        raise NotFound(_("Находка не найдена."))
    require_api_perm(request, "reports.review_finding", finding.report)
    services.finding_review(
        actor=api_user(request),
        finding=finding,
        verdict=payload.verdict,
        direction=_direction(payload.direction),
        phrase=payload.phrase,
    )
    finding.refresh_from_db()
    return {
        "id": finding.pk,
        "report": finding.report_id,
        "kind": finding.kind,
        "category": finding.category,
        "review": finding.review,
    }
