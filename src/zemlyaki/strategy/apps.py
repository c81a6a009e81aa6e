from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategyConfig(AppConfig):
    name = "zemlyaki.strategy"
    label = "strategy"
    verbose_name = _("Стратегия")
    nav_items = [("strategy:document_list", _("Стратегия"), None)]
