"""Files of annual reports, for those who may read the report."""

from django.http import HttpRequest

from zemlyaki.core.protected_files import Download, register

from .models import AnnualReport


def report_file(request: HttpRequest, name: str) -> Download | None:
    found = AnnualReport.objects.filter(file=name).select_related("association").first()
    if found is None or not request.user.has_perm("reports.view_report", found):
        return None
    return Download(found.file, filename=found.original_name)


register("reports/", report_file)
