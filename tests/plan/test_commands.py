import io

import pytest
from django.core.management import CommandError, call_command

from zemlyaki.plan.models import Plan

from .factories import SEED_PLAN, SEED_TITLE


@pytest.mark.django_db
def test_import_prints_the_new_plan_id():
    out = io.StringIO()
    call_command("plan", "import", str(SEED_PLAN), "--title", SEED_TITLE, stdout=out)
    plan = Plan.objects.get()
    assert out.getvalue().strip() == str(plan.pk)
    assert plan.title == SEED_TITLE
    assert plan.tasks.count() == 8


@pytest.mark.django_db
def test_import_yaml_takes_the_title_from_the_file(tmp_path):
    path = tmp_path / "session.yaml"
    path.write_text("title: План сессии\ntasks:\n  - number: 1\n    title: Провести\n")
    out = io.StringIO()
    call_command("plan", "import", str(path), stdout=out)
    assert Plan.objects.get(pk=int(out.getvalue())).title == "План сессии"


@pytest.mark.django_db
def test_import_errors(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("1. Первое - 01.13.2024;\n")
    with pytest.raises(CommandError) as caught:
        call_command("plan", "import", str(path))
    assert str(caught.value) == "Строка 1: такой даты нет: «01.13.2024»"
    with pytest.raises(CommandError) as missing:
        call_command("plan", "import", str(tmp_path / "none.txt"))
    assert "не найден" in str(missing.value)
    assert Plan.objects.count() == 0
