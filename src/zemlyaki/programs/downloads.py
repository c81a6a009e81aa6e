"""Files of programs: the evidence of a delivered pledge, for those who judge or manage
the pledge and for its giver."""

from django.http import HttpRequest

from zemlyaki.core.protected_files import Download, register

from .models import Pledge


def pledge_evidence(request: HttpRequest, name: str) -> Download | None:
    pledge = Pledge.objects.filter(evidence_file=name).select_related("program").first()
    if pledge is None:
        return None
    user = request.user
    if not (
        user.has_perm("programs.view_pledge_contacts", pledge.program)
        or user.has_perm("programs.confirm_pledge", pledge)
        or user.has_perm("programs.withdraw_pledge", pledge)
    ):
        return None
    return Download(pledge.evidence_file)


register("pledges/", pledge_evidence)
