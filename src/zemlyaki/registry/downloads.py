"""Logos of associations: public, as the catalogue is."""

from django.http import HttpRequest

from zemlyaki.core.protected_files import Download, register

from .models import Association


def logo(request: HttpRequest, name: str) -> Download | None:
    found = Association.objects.filter(logo=name).first()
    if found is None:
        return None
    return Download(found.logo, inline=True, public=True)


register("logos/", logo)
