"""Background work of the archive: extraction and analysis of reports."""

from django_tasks import task


@task()
def process_report(report_id: int) -> str:
    """Process one report. An exception that escapes the processing is recorded on the
    report (in a transaction of its own, after the failed one was rolled back) before
    the task fails with it, so the report never stays «в обработке»."""
    from .processing import report_process, report_record_failure

    try:
        report = report_process(report_id=report_id)
    except Exception as exc:
        report_record_failure(report_id=report_id, exc=exc)
        raise
    return str(report.status)
