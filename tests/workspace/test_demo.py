import pytest
from django.core.management import call_command

from zemlyaki.workspace.models import Connection, File, Space, Thread


@pytest.mark.django_db
def test_demo_spaces_threads_files_and_a_disabled_connection(settings):
    call_command("load-demo")
    spaces = Space.objects.filter(is_demo=True)
    assert spaces.count() >= 1
    threads = Thread.objects.filter(is_demo=True)
    targets = {t.target_type.model for t in threads if t.target_type_id}
    assert targets == {"section", "plan"}
    draft = File.objects.filter(title="Проект стандарта").first()
    assert draft is not None and draft.versions.count() == 2
    assert set(File.objects.values_list("title", flat=True)) >= {
        "Исходное задание",
        "Сводка отчётов",
        "Проект стандарта",
    }
    assert Connection.objects.exists() and not Connection.objects.filter(enabled=True).exists()
