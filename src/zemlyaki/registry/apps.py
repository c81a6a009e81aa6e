from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "zemlyaki.registry"
    label = "registry"
    verbose_name = _("Реестр землячеств")
    nav_items = [
        ("registry:association_list", _("Землячества"), None),
        ("registry:stakeholder_list", _("Субъекты стратегии"), None, "more"),
    ]
