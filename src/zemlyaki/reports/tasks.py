"""Background work of the archive: extraction and analysis of reports."""

from django_tasks import task


@task()
def process_report(report_id: int) -> str:
    from .services import report_process

    report = report_process(report_id=report_id)
    return str(report.status)
