from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "zemlyaki.people"
    label = "people"
    verbose_name = _("Участники и эксперты")
    nav_items = [
        ("people:person_me", _("Мой профиль"), "people.view_own_profile", "user"),
        ("people:my_data", _("Мои данные"), "people.view_own_data", "user"),
        ("people:person_search", _("Эксперты"), "people.search_people"),
        ("people:import_start", _("Загрузка списков"), "people.use_imports", "more"),
        ("people:vocabulary_default", _("Словари"), "people.manage_vocabulary", "more"),
        ("people:candidate_lists", _("Кандидаты"), "people.manage_candidates", "more"),
        (
            "people:erasure_queue",
            _("Запросы на удаление данных"),
            "people.manage_erasure",
            "more",
        ),
    ]
