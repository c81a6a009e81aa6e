"""Files of events: materials, for those who may see the event."""

from django.http import HttpRequest

from zemlyaki.core.protected_files import Download, register

from .models import Material


def material(request: HttpRequest, name: str) -> Download | None:
    found = Material.objects.filter(file=name).select_related("event").first()
    if found is None or not request.user.has_perm("events.view_event", found.event):
        return None
    return Download(found.file, filename=found.title)


register("events/materials/", material)
