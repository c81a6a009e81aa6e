"""Files of the standard: evidence attached to answers, for those who see the assessment
(its leader, the control body, the coordinator)."""

from django.http import HttpRequest

from zemlyaki.core.protected_files import Download, register

from .models import Evidence


def evidence_file(request: HttpRequest, name: str) -> Download | None:
    found = Evidence.objects.filter(file=name).select_related("answer__assessment").first()
    if found is None:
        return None
    if not request.user.has_perm("standard.view_assessment", found.answer.assessment):
        return None
    return Download(found.file, filename=found.file_name)


register("standard/", evidence_file)
