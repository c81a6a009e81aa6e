from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "zemlyaki.programs"
    label = "programs"
    verbose_name = _("Программы и ресурсы")
    nav_items: list[tuple[str, str, str | None, str]] = []
