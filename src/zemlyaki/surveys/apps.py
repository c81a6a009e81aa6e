from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "zemlyaki.surveys"
    label = "surveys"
    verbose_name = _("Анкеты")
    nav_items = [("surveys:survey_list", _("Анкеты"), None)]
