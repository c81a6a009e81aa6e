"""API of the reports archive: upload, status, analysis, aggregates and search."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from zemlyaki.accounts.api_auth import api_user, require_api_perm, token_auth
from zemlyaki.core.api_schemas import DateIn, ErrorOut, Id, Limit, Offset, page_slice
from zemlyaki.core.errors import NotFound
from zemlyaki.registry.models import Association

from . import report_page, selectors, services
from .models import DECADES, AnnualReport, FindingKind, IndicatorType

router = Router(tags=["Годовые отчёты"])


class ReportOut(Schema):
    id: int
    association: str
    year_from: int
    year_to: int
    decade: str
    meeting_date: datetime.date | None
    source: str
    file_type: str
    status: str
    status_name: str
    progress: int
    error: str
    error_type: str
    text_length: int
    text_offset: int
    text_truncated: bool
    text_next_offset: int | None
    text: str


class EntityOut(Schema):
    type: str
    text: str
    normal: str
    start: int
    end: int


class ActivityOut(Schema):
    id: int
    direction: str
    direction_name: str
    quote: str
    matched: str
    start: int
    end: int
    review: str


class OutcomeOut(Schema):
    id: int
    type: str
    direction: str | None
    quote: str
    matched: str
    review: str


class NumberOut(Schema):
    kind: str
    kind_name: str
    value: float
    previous: float | None
    counts: str
    text: str


class DateOut(Schema):
    kind: str
    value: str
    text: str


class AnalysisOut(Schema):
    report: int
    status: str
    entities: list[EntityOut]
    dates: list[DateOut]
    activities: list[ActivityOut]
    outcomes: list[OutcomeOut]
    indicators: list[NumberOut]
    numbers: list[NumberOut]


class SearchItem(Schema):
    id: int
    association: str
    year_from: int
    year_to: int
    fragments: list[str]


class SearchPage(Schema):
    count: int
    items: list[SearchItem]


TEXT_LIMIT = 20_000
TEXT_LIMIT_MAX = 100_000


def _text_window(text: str, offset: int, limit: int) -> dict[str, Any]:
    """A part of the extracted text: ``limit`` characters from ``offset``, with where the
    next part starts (``null`` at the end)."""
    if offset < 0:
        raise HttpError(422, _("text_offset не может быть отрицательным."))
    if not 1 <= limit <= TEXT_LIMIT_MAX:
        raise HttpError(422, _("text_limit должен быть от 1 до %(max)s.") % {"max": TEXT_LIMIT_MAX})
    end = min(offset + limit, len(text))
    part = text[offset:end]
    return {
        "text": part,
        "text_offset": offset,
        "text_truncated": offset > 0 or end < len(text),
        "text_next_offset": end if end < len(text) else None,
    }


def report_out(
    r: AnnualReport, text_offset: int = 0, text_limit: int = TEXT_LIMIT
) -> dict[str, Any]:
    return {
        **_text_window(r.text, text_offset, text_limit),
        "id": r.pk,
        "association": r.association.slug,
        "year_from": r.year_from,
        "year_to": r.year_to,
        "decade": r.decade,
        "meeting_date": r.meeting_date,
        "source": r.source,
        "file_type": r.file_type,
        "status": r.status,
        "status_name": r.get_status_display(),
        "progress": r.progress,
        "text_length": r.text_length,
        "error": r.error,
        "error_type": r.error_type,
    }


def _report(request: HttpRequest, report_id: Id) -> AnnualReport:
    report = get_object_or_404(AnnualReport.objects.select_related("association"), pk=report_id)
    if not api_user(request).has_perm("reports.view_report", report):
        raise Http404  # hidden reports look missing
    return report


@router.post(
    "/reports",
    auth=token_auth,
    response={201: ReportOut},
    summary="Загрузить годовой отчёт (multipart: file, association, year)",
)
def report_upload(
    request: HttpRequest,
    association: Form[str],
    year: Form[int],
    year_to: Form[int | None] = None,
    meeting_date: Form[DateIn | None] = None,
    title: Form[str] = "",
    text: Form[str] = "",
    file: File[UploadedFile] = None,  # type: ignore[assignment]  # ninja's optional file parameter
) -> Status[Any]:
    require_api_perm(request, "reports.upload_report")
    target = Association.objects.filter(slug=association).first()
    if target is None:
        raise ValidationError({"association": [_("Землячество не найдено.")]})
    require_api_perm(request, "reports.upload_report", target)
    try:
        upload = services.Upload.from_django(file) if file is not None else None
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    report = services.report_create(
        actor=api_user(request),
        association=target,
        year_from=year,
        year_to=year_to,
        meeting_date=meeting_date,
        title=title,
        upload=upload,
        text=text,
    )
    report.refresh_from_db()
    return Status(201, report_out(report))


@router.get("/reports/search", auth=token_auth, response=SearchPage, summary="Поиск по отчётам")
def report_search(
    request: HttpRequest,
    q: str,
    association: str = "",
    decade: str = "",
    direction: str = "",
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    require_api_perm(request, "reports.view_report")
    if decade and decade not in DECADES:
        raise HttpError(
            422,
            _("Неизвестное десятилетие; допустимы: %(decades)s.") % {"decades": ", ".join(DECADES)},
        )
    qs = selectors.report_search(
        q=q,
        user=request.user,
        association=association,
        decade=decade,
        direction=direction,
    )
    window = page_slice(limit, offset)
    reports = list(qs[window])
    texts = selectors.report_texts([r.pk for r in reports])
    return {
        "count": qs.count(),
        "items": [
            {
                "id": r.pk,
                "association": r.association.slug,
                "year_from": r.year_from,
                "year_to": r.year_to,
                "fragments": [str(f) for f in selectors.search_fragments(texts[r.pk], q)],
            }
            for r in reports
        ],
    }


class ReanalysedOut(Schema):
    queued: int


@router.post(
    "/reports/reanalyse",
    auth=token_auth,
    response={202: ReanalysedOut},
    summary="Поставить все отчёты с текстом на повторный анализ (после изменения словаря)",
)
def reports_reanalyse_all(request: HttpRequest) -> Status[Any]:
    require_api_perm(request, "reports.reanalyse_all")
    return Status(202, {"queued": services.reports_reanalyse_all(actor=api_user(request))})


class BatchItemOut(Schema):
    name: str
    status: str
    message: str
    report_id: int | None


class BatchOut(Schema):
    id: int
    original_name: str
    items: list[BatchItemOut]


@router.post(
    "/reports/batches",
    auth=token_auth,
    response={201: BatchOut},
    summary="Загрузить ZIP-архив отчётов (multipart: file, association)",
    description="Каждый файл архива становится отдельным отчётом; файл с ошибкой "
    "записывается со своей причиной и не мешает остальным. Землячество файла — из "
    "описи архива, имени файла или поля `association` (по умолчанию).",
)
def batch_upload(
    request: HttpRequest,
    file: File[UploadedFile],
    association: Form[str] = "",
) -> Status[Any]:
    require_api_perm(request, "reports.upload_report")
    allowed = selectors.associations_for_upload(api_user(request))
    default = None
    if association:  # as for one report: 422 for no such association, 403 for another's
        default = Association.objects.filter(slug=association).first()
        if default is None:
            raise ValidationError({"association": [_("Землячество не найдено.")]})
        require_api_perm(request, "reports.upload_report", default)
    try:
        upload = services.Upload.from_django(file)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    batch = services.batch_create(
        actor=api_user(request), upload=upload, associations=allowed, default_association=default
    )
    return Status(201, {"id": batch.pk, "original_name": batch.original_name, "items": batch.items})


@router.get(
    "/reports/{report_id}",
    auth=token_auth,
    response=ReportOut,
    summary="Отчёт: статус и извлечённый текст (по частям: text_offset, text_limit)",
)
def report_detail(
    request: HttpRequest, report_id: Id, text_offset: Offset = 0, text_limit: int = TEXT_LIMIT
) -> dict[str, Any]:
    return report_out(_report(request, report_id), text_offset, text_limit)


@router.post(
    "/reports/{report_id}/restart",
    auth=token_auth,
    response={202: ReportOut},
    summary="Перезапустить обработку отчёта (после ошибки или изменения словаря)",
)
def report_restart(request: HttpRequest, report_id: Id) -> Status[Any]:
    report = _report(request, report_id)
    require_api_perm(request, "reports.reanalyse_report", report)
    services.report_reanalyse(actor=api_user(request), report=report)
    report.refresh_from_db()
    return Status(202, report_out(report))


@router.delete(
    "/reports/{report_id}",
    auth=token_auth,
    response={204: None},
    summary="Удалить отчёт",
)
def report_delete(request: HttpRequest, report_id: Id) -> Status[Any]:
    report = _report(request, report_id)
    require_api_perm(request, "reports.delete_report", report)
    services.report_delete(actor=api_user(request), report=report)
    return Status(204, None)


def _number(n: Any) -> dict[str, Any]:
    return {
        "kind": n.category,
        "kind_name": str(IndicatorType(n.category).label),
        "value": float(n.number),
        "previous": float(n.number_from) if n.number_from is not None else None,
        "counts": n.value,
        "text": n.matched,
    }


@router.get(
    "/reports/{report_id}/analysis",
    auth=token_auth,
    response=AnalysisOut,
    summary="Отчёт: результаты анализа",
)
def report_analysis(request: HttpRequest, report_id: Id) -> dict[str, Any]:
    report = _report(request, report_id)
    grouped = report_page.report_findings(report)
    numbers = grouped.get(FindingKind.NUMBER, [])
    return {
        "report": report.pk,
        "status": report.status,
        "entities": [
            {
                "type": f.category,
                "text": f.matched,
                "normal": f.value,
                "start": f.start,
                "end": f.end,
            }
            for f in grouped.get(FindingKind.ENTITY, [])
        ],
        "dates": [
            {"kind": f.category, "value": f.value, "text": f.matched}
            for f in grouped.get(FindingKind.DATE, [])
        ],
        "activities": [
            {
                "id": f.pk,
                "direction": f.category,
                "direction_name": f.value,
                "quote": f.quote,
                "matched": f.matched,
                "start": f.start,
                "end": f.end,
                "review": f.review,
            }
            for f in grouped.get(FindingKind.ACTIVITY, [])
        ],
        "outcomes": [
            {
                "id": f.pk,
                "type": f.category,
                "direction": f.direction.code if f.direction else None,
                "quote": f.quote,
                "matched": f.matched,
                "review": f.review,
            }
            for f in grouped.get(FindingKind.OUTCOME, [])
        ],
        "indicators": [_number(n) for n in numbers if n.category != IndicatorType.OTHER],
        "numbers": [_number(n) for n in numbers],
    }


@router.get(
    "/analysis",
    auth=token_auth,
    response={200: dict[str, Any], 404: ErrorOut},
    summary="Сводный анализ отчётов",
)
def analysis(
    request: HttpRequest, association: str = "", decade: str = "", direction: str = ""
) -> dict[str, Any]:
    target = None
    if association:
        target = Association.objects.filter(slug=association).first()
        if target is None:
            raise NotFound(_("Землячество не найдено."))
    require_api_perm(request, "reports.view_analysis", target)
    if decade and decade not in DECADES:
        raise HttpError(
            422,
            _("Неизвестное десятилетие; допустимы: %(decades)s.") % {"decades": ", ".join(DECADES)},
        )
    summary = selectors.analysis_summary(
        associations=selectors.associations_visible(api_user(request)),
        association=association,
        decade=decade,
        direction=direction,
    )
    summary["members"] = {
        name: [{"year": y, "members": v} for y, v in values]
        for name, values in summary["members"].items()
    }
    return summary
