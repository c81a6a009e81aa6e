from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "zemlyaki.governance"
    label = "governance"
    verbose_name = _("Рабочие органы")
    nav_items = [("governance:body_list", _("Рабочие органы"), None)]
