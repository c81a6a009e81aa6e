"""Evidence files of entered values: to those who record or review values and to the
coordinator and administrator; never to guests (evidence may name people)."""

from django.http import HttpRequest

from zemlyaki.core.protected_files import Download, register

from .models import Measurement


def evidence(request: HttpRequest, name: str) -> Download | None:
    found = Measurement.objects.filter(evidence_file=name).select_related("indicator").first()
    if found is None:
        return None
    user = request.user
    if not user.is_authenticated:
        return None
    if not (user.has_perm("indicators.view_evidence", found) or found.created_by_id == user.pk):
        return None
    return Download(found.evidence_file)


register("indicators/evidence/", evidence)
