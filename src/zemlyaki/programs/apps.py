from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "zemlyaki.programs"
    label = "programs"
    verbose_name = _("Программы и ресурсы")
    nav_items = [
        ("programs:program_list", _("Программы"), None),
        ("programs:direction_tree", _("Направления"), None, "more"),
        ("programs:gap_overview", _("Ресурсы Стратегии"), None, "more"),
    ]
