from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "zemlyaki.core"
    label = "core"
    verbose_name = _("Справочники и журнал")

    def ready(self) -> None:
        # Each app's ``downloads.py`` claims its uploaded files (core.protected_files).
        autodiscover_modules("downloads")
