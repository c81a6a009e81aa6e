"""Files of people: photos (for those who see the person), uploaded member lists and
their error reports (for those who may import the association's members)."""

from django.http import HttpRequest

from zemlyaki.core.protected_files import Download, register

from .importing import error_report_name
from .models import MemberImport, Person


def photo(request: HttpRequest, name: str) -> Download | None:
    found = Person.objects.filter(photo=name).first()
    if found is None or not request.user.has_perm("people.view_person", found):
        return None
    return Download(found.photo, inline=True)


def member_list(request: HttpRequest, name: str) -> Download | None:
    found = MemberImport.objects.filter(file=name).select_related("association").first()
    if found is None or not request.user.has_perm("people.import_members", found.association):
        return None
    return Download(found.file, filename=found.file_name)


def error_report(request: HttpRequest, name: str) -> Download | None:
    found = MemberImport.objects.filter(errors_file=name).select_related("association").first()
    if found is None or not request.user.has_perm("people.import_members", found.association):
        return None
    return Download(found.errors_file, filename=error_report_name(found))


register("people/photos/", photo)
register("people/imports/", member_list)
register("people/import-errors/", error_report)
