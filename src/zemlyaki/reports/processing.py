"""Processing of one report: its text is extracted, then analysed.

Each step writes its progress in a short update of its own, outside any transaction of
the work, so that the page polling the status sees it move while the task runs. The
analysis itself reads nothing from the database and runs outside a transaction; only the
replacement of the findings is one short transaction. Whatever goes wrong ends in a
status a person can see — «ошибка извлечения текста» or «ошибка анализа», with the class
of the error and an explanation — written after the failed work was rolled back, in a
transaction of its own; the report never stays «в обработке» for good.
"""

import logging
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.core.actors import Actor
from zemlyaki.core.progress import error_type, progress_update
from zemlyaki.core.services import AuditAction, audit_record, model_snapshot
from zemlyaki.core.text import search_document

from . import extract
from .analysis import Lexicon, Result, analyse
from .lexicon import lexicon_load
from .models import (
    ActivityDirection,
    AnnualReport,
    ReportFinding,
    ReportSource,
    ReportStatus,
    ReviewStatus,
)

logger = logging.getLogger(__name__)

# Progress of the processing, in per cent: extraction to 50, the analysis from 55 to 95.
PROGRESS_EXTRACTING = 10
PROGRESS_EXTRACTED = 50
PROGRESS_ANALYSING = 55
PROGRESS_ANALYSED = 95


def enqueue_processing(report_id: int) -> None:
    from .tasks import process_report

    transaction.on_commit(lambda: process_report.enqueue(report_id))


def _set_state(report_id: int, **fields: Any) -> None:
    """One short update: outside a transaction it is committed at once."""
    progress_update(AnnualReport, report_id, **fields)


def _explanation(exc: BaseException, analysis: bool) -> str:
    detail = str(exc).strip()[:300] or _("без пояснения")
    if analysis:
        return _(
            "Анализ текста прервался из-за внутренней ошибки программы анализа "
            "(%(type)s: %(detail)s). Текст отчёта сохранён и виден ниже; анализ можно "
            "перезапустить. Если ошибка повторится, сообщите администратору платформы."
        ) % {"type": error_type(exc), "detail": detail}
    return _(
        "Извлечение текста прервалось из-за внутренней ошибки (%(type)s: %(detail)s). "
        "Файл сохранён; обработку можно перезапустить или загрузить файл в другом формате."
    ) % {"type": error_type(exc), "detail": detail}


def report_record_failure(*, report_id: int, exc: BaseException) -> None:
    """Record that the processing of a report failed: «ошибка анализа» when the report
    has a text, «ошибка извлечения текста» otherwise. Called after the failed work's
    transaction was rolled back, it writes in a transaction of its own, so the record
    stays (a worker runs tasks outside transactions)."""
    with transaction.atomic():
        report = AnnualReport.objects.filter(pk=report_id).only("pk", "text_length").first()
        if report is None:
            return
        analysis = report.text_length > 0
        _set_state(
            report_id,
            status=ReportStatus.ANALYSIS_ERROR if analysis else ReportStatus.ERROR,
            error=_explanation(exc, analysis),
            error_type=error_type(exc)[:200],
            progress=0,
        )


def report_process(*, report_id: int) -> AnnualReport:
    """Extract the text when needed, then analyse. Failures end in an error status."""
    report = AnnualReport.objects.select_related("association").get(pk=report_id)
    if report.source == ReportSource.FILE and report.status in (
        ReportStatus.UPLOADED,
        ReportStatus.ERROR,
    ):
        _set_state(report.pk, progress=PROGRESS_EXTRACTING, error="", error_type="")
        try:
            with report.file.open("rb") as handle:
                data = handle.read()
            extracted = extract.extract(data, report.file_type)
        except (extract.ExtractionError, OSError) as exc:
            message = (
                str(exc)
                if isinstance(exc, extract.ExtractionError)
                else _("Файл отчёта не найден в хранилище.")
            )
            _set_state(
                report.pk,
                status=ReportStatus.ERROR,
                error=message,
                error_type=error_type(exc),
                progress=0,
            )
            report.refresh_from_db()
            return report
        except Exception as exc:
            logger.exception("Extraction of report %s failed", report.pk)
            report_record_failure(report_id=report.pk, exc=exc)
            report.refresh_from_db()
            return report
        _set_state(
            report.pk,
            text=extracted.text,
            text_length=len(extracted.text),
            extraction_method=extracted.method,
            status=ReportStatus.EXTRACTED,
            progress=PROGRESS_EXTRACTED,
            search_text=search_document(extracted.text),
        )
        report.refresh_from_db()
    if not report.text:
        return report
    return report_analyse(report=report)


def report_analyse(*, report: AnnualReport, lexicon: Lexicon | None = None) -> AnnualReport:
    """Replace the report's findings with a new analysis; reviews carry over by position.
    An exception of the analysis ends in «ошибка анализа» (the old findings stay)."""
    span = PROGRESS_ANALYSED - PROGRESS_ANALYSING
    try:
        _set_state(report.pk, progress=PROGRESS_ANALYSING)
        lexicon = lexicon or lexicon_load()
        result = analyse(
            report.text,
            lexicon,
            progress=lambda percent: _set_state(
                report.pk, progress=PROGRESS_ANALYSING + span * percent // 100
            ),
        )
        _store_findings(report, result)
    except Exception as exc:
        logger.exception("Analysis of report %s failed", report.pk)
        report_record_failure(report_id=report.pk, exc=exc)
    report.refresh_from_db()
    return report


@transaction.atomic
def _store_findings(report: AnnualReport, result: Result) -> None:
    directions = {d.code: d for d in ActivityDirection.objects.all()}
    reviewed = {
        (f.kind, f.category, f.start, f.end): (f.review, f.reviewed_by_id, f.reviewed_at)
        for f in report.findings.exclude(review=ReviewStatus.PENDING)
    }
    report.findings.all().delete()
    findings = []
    for item in result.items:
        finding = ReportFinding(
            report=report,
            kind=item.kind,
            category=item.category,
            direction=directions.get(item.direction) if item.direction else None,
            value=item.value[:300],
            number=item.number,
            number_from=item.number_from,
            quote=item.quote,
            start=item.start,
            end=item.end,
            sentence_start=item.sentence_start,
            matched=item.matched[:200],
        )
        previous = reviewed.get((item.kind, item.category, item.start, item.end))
        if previous:
            finding.review, finding.reviewed_by_id, finding.reviewed_at = previous
        findings.append(finding)
    ReportFinding.objects.bulk_create(findings)
    _set_state(
        report.pk,
        status=ReportStatus.ANALYSED,
        progress=100,
        error="",
        error_type="",
        analysed_at=timezone.now(),
    )


@transaction.atomic
def report_reanalyse(*, actor: Actor | None, report: AnnualReport) -> AnnualReport:
    """Restart the processing of one report: after a failure, or after the lexicon
    changed. A report without text is extracted again, one with text analysed again."""
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    before = model_snapshot(report, fields=_STATE_FIELDS)
    if report.text:
        state = ReportStatus.EXTRACTED
        progress = PROGRESS_EXTRACTED
    else:
        state = ReportStatus.UPLOADED
        progress = 0
    AnnualReport.objects.filter(pk=report.pk).update(
        status=state, progress=progress, error="", error_type="", progress_at=timezone.now()
    )
    report.refresh_from_db()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=report,
        before=before,
        after=model_snapshot(report, fields=_STATE_FIELDS),
        comment=_("повторный анализ"),
    )
    enqueue_processing(report.pk)
    return report


_STATE_FIELDS = ["status", "progress", "error", "error_type"]


@transaction.atomic
def reports_reanalyse_all(*, actor: Actor | None) -> int:
    """Queue a new analysis of every report that has text; returns how many. Each report
    restarted gets its audit record, as when one report is restarted."""
    reports = list(
        AnnualReport.objects.select_for_update(of=("self",))
        .filter(
            status__in=[
                ReportStatus.EXTRACTED,
                ReportStatus.ANALYSED,
                ReportStatus.ANALYSIS_ERROR,
            ]
        )
        .select_related("association")
        .defer("text", "search_text")
        .order_by("pk")
    )
    ids = [report.pk for report in reports]
    AnnualReport.objects.filter(pk__in=ids).update(
        status=ReportStatus.EXTRACTED,
        progress=PROGRESS_EXTRACTED,
        error="",
        error_type="",
        progress_at=timezone.now(),
    )
    after = {
        "status": ReportStatus.EXTRACTED.value,
        "progress": PROGRESS_EXTRACTED,
        "error": "",
        "error_type": "",
    }
    for report in reports:
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=report,
            before=model_snapshot(report, fields=_STATE_FIELDS),
            after=after,
            comment=_("повторный анализ всех отчётов"),
        )
    for report_id in ids:
        enqueue_processing(report_id)
    return len(ids)
