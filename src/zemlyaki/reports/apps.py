from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "zemlyaki.reports"
    label = "reports"
    verbose_name = _("Годовые отчёты")
    nav_items = [
        ("reports:report_list", _("Годовые отчёты"), "reports.view_report"),
        ("reports:analysis", _("Анализ отчётов"), "reports.view_analysis", "more"),
    ]
