"""Files of people: photos (for those who see the person) and uploaded member lists
(for those who may import the association's members)."""

from django.http import HttpRequest

from zemlyaki.core.protected_files import Download, register

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


register("people/photos/", photo)
register("people/imports/", member_list)
