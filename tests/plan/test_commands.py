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


@pytest.mark.django_db
def test_import_tells_on_stderr_what_it_cleaned_and_which_bodies_it_named():
    from .factories import make_body

    working = make_body("Рабочая группа разработки Стратегии", "working_group")
    out, err = io.StringIO(), io.StringIO()
    call_command("plan", "import", str(SEED_PLAN), "--title", SEED_TITLE, stdout=out, stderr=err)
    plan = Plan.objects.get()
    assert out.getvalue().strip() == str(plan.pk)
    assert err.getvalue().splitlines() == [
        "Строка 1: строка до первого пункта пропущена как заголовок: «Предлагаемый к "
        "обсуждению участников круглого стола план:»",
        # no editorial group or organising committee exists: that is told, not guessed
        "Строка 3: в тексте назван орган «редакционную группу», но органа вида «редакционная "
        "группа» нет: выберите ответственный орган или оставьте пустым",
        "Строка 4: в тексте назван орган «оргкомитет», но органа вида «оргкомитет» нет: "
        "выберите ответственный орган или оставьте пустым",
        "Строка 5: номер пункта 3 уже был в строке 4: пункт загружается под тем же номером, "
        "проверьте нумерацию",
        "Строка 7: в тексте срок «не позднее 1 октября»: сроком мероприятия взято 01.10.2023, "
        "дата в конце пункта 01.02.2023 записана в описание",
        "Строка 11: удалена служебная пометка текстового редактора «[bookmark: _GoBack]»",
        "Строка 11: в тексте назван орган «редакционная группа», но органа вида «редакционная "
        "группа» нет: выберите ответственный орган или оставьте пустым",
        "Пункт 1: ответственный орган «Рабочая группа разработки Стратегии».",
        "Пункт 3: ответственный орган «Рабочая группа разработки Стратегии».",
    ]
    assert [t.owner_body for t in plan.tasks.order_by("position")][:4] == [
        working,
        None,
        None,
        working,
    ]
