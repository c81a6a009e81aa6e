from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanConfig(AppConfig):
    name = "zemlyaki.plan"
    label = "plan"
    verbose_name = _("План")
    nav_items = [("plan:plan_list", _("План"), "plan.view_plan")]
