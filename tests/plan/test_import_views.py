"""The web import: upload or paste → preview (nothing saved) → confirm → saved."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile

from zemlyaki.core.models import AuditEntry
from zemlyaki.plan.importing import preview_token
from zemlyaki.plan.models import Plan, Task
from zemlyaki.plan.parsing import read_plan_text

from .factories import SEED_PLAN, SEED_TITLE, d, make_body, plan_manager

IMPORT = "/plans/import/"
CONFIRM = "/plans/import/confirm/"


def seed_upload():
    return SimpleUploadedFile("plan.txt", SEED_PLAN.read_bytes(), content_type="text/plain")


def seed_bodies():
    return {
        "working": make_body("Рабочая группа разработки Стратегии", "working_group"),
        "editorial": make_body("Редакционная группа", "editorial_group"),
        "orgcom": make_body("Оргкомитет стратегической сессии", "organising_committee"),
        "council": make_body("Расширенный экспертный совет", "expert_council"),
    }


def confirm_data(response, **changes):
    """What the preview form posts back as shown, with ``changes`` applied
    (``{"tasks-0-owner_body": ...}``)."""
    confirm = response.context["confirm"]
    formset = response.context["formset"]
    data = {
        "payload": confirm.initial["payload"],
        "title": confirm.initial.get("title") or "",
        "tasks-TOTAL_FORMS": str(formset.total_form_count()),
        "tasks-INITIAL_FORMS": str(formset.initial_form_count()),
    }
    if confirm.initial.get("is_main"):
        data["is_main"] = "on"
    for index, form in enumerate(formset.forms):
        body, due = form.initial.get("owner_body"), form.initial.get("due_date")
        data[f"tasks-{index}-owner_body"] = str(body) if body else ""
        data[f"tasks-{index}-due_date"] = due.isoformat() if due else ""
    data.update({key: str(value) for key, value in changes.items()})
    return data


def saved_nothing(audit_before: int) -> bool:
    return (
        Plan.objects.count() == 0
        and Task.objects.count() == 0
        and AuditEntry.objects.count() == audit_before
    )


@pytest.mark.django_db
def test_upload_page_says_a_preview_comes_first(client, coordinator):
    client.force_login(coordinator)
    response = client.get(IMPORT)
    assert response.status_code == 200
    assert "Шаг 1 из 2" in response.text
    assert "Далее: предпросмотр" in response.text


@pytest.mark.django_db
def test_the_preview_shows_the_report_owners_and_dates_and_saves_nothing(client, coordinator):
    bodies = seed_bodies()
    client.force_login(coordinator)
    audit_before = AuditEntry.objects.count()
    response = client.post(IMPORT, {"file": seed_upload(), "title": SEED_TITLE})
    assert response.status_code == 200
    assert response.templates[0].name == "plan/plan_import_preview.html"
    assert saved_nothing(audit_before)
    assert response.context["warnings"] == [
        "Строка 1: строка до первого пункта пропущена как заголовок: «Предлагаемый к "
        "обсуждению участников круглого стола план:»",
        "Строка 5: номер пункта 3 уже был в строке 4: пункт загружается под тем же номером, "
        "проверьте нумерацию",
        "Строка 7: в тексте срок «не позднее 1 октября»: сроком мероприятия взято 01.10.2023, "
        "дата в конце пункта 01.02.2023 записана в описание",
        "Строка 11: удалена служебная пометка текстового редактора «[bookmark: _GoBack]»",
    ]
    for warning in response.context["warnings"]:
        assert warning in response.text
    initial = [
        (f.initial["owner_body"], f.initial["due_date"]) for f in response.context["formset"]
    ]
    assert initial == [
        (bodies["working"].pk, d("15.10.2023")),
        (bodies["editorial"].pk, d("15.10.2023")),
        (bodies["orgcom"].pk, d("15.10.2023")),
        (bodies["working"].pk, d("01.02.2023")),
        (None, d("01.10.2023")),
        (None, d("01.02.2023")),
        (None, d("01.03.2023")),
        (bodies["editorial"].pk, d("01.08.2024")),
    ]
    assert "в тексте: «рабочей группе»" in response.text
    assert "в тексте: «не позднее 1 октября»" in response.text
    assert "в конце пункта: 01.02.2023" in response.text
    assert "В базу ещё ничего не записано." in response.text
    # the upload's title is carried to the preview, where it may still be changed
    assert response.context["confirm"].initial["title"] == SEED_TITLE


@pytest.mark.django_db
def test_confirm_creates_exactly_the_previewed_tasks_with_the_chosen_bodies_and_dates(
    client, coordinator
):
    bodies = seed_bodies()
    client.force_login(coordinator)
    preview = client.post(IMPORT, {"file": seed_upload(), "title": SEED_TITLE})
    data = confirm_data(
        preview,
        **{
            "title": "План круглого стола",
            "tasks-1-owner_body": "",  # the person clears a proposed body
            "tasks-4-owner_body": bodies["council"].pk,  # and names one the text did not
            "tasks-4-due_date": "2023-09-30",  # and changes a date
            "tasks-6-owner_body": bodies["orgcom"].pk,
        },
    )
    response = client.post(CONFIRM, data)
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response.url == plan.get_absolute_url()
    assert (plan.title, plan.source, plan.is_main) == ("План круглого стола", "text", False)
    tasks = list(plan.tasks.order_by("position"))
    assert [(t.number, t.owner_body, t.due_date) for t in tasks] == [
        ("1", bodies["working"], d("15.10.2023")),
        ("2", None, d("15.10.2023")),
        ("3", bodies["orgcom"], d("15.10.2023")),
        ("3", bodies["working"], d("01.02.2023")),
        ("4", bodies["council"], d("30.09.2023")),
        ("5", None, d("01.02.2023")),
        ("6", bodies["orgcom"], d("01.03.2023")),
        ("7", bodies["editorial"], d("01.08.2024")),
    ]
    assert tasks[4].description.endswith("Срок, указанный в конце пункта: 01.02.2023.")
    assert tasks[7].title.startswith("По итогам работы стратегической сессии")
    # the final report: what was saved and every warning with its line
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert texts[0] == "План загружен: 8 мероприятий."
    assert texts[1:] == ["При загрузке: " + w for w in preview.context["warnings"]]
    assert len(texts) == 5


@pytest.mark.django_db
def test_pasted_text_is_previewed_the_same_way(client, coordinator):
    body = make_body("Оргкомитет", "organising_committee")
    client.force_login(coordinator)
    text = "1. Оргкомитету разослать приглашения не позднее 1 сентября - 15.09.2024;\n"
    preview = client.post(IMPORT, {"text": text})
    assert preview.status_code == 200
    assert Plan.objects.count() == 0
    row = preview.context["formset"].forms[0].initial
    assert (row["owner_body"], row["due_date"]) == (body.pk, d("01.09.2024"))
    # no title in the text and none given: the preview asks for it
    response = client.post(CONFIRM, confirm_data(preview))
    assert response.status_code == 200
    assert response.context["confirm"].errors == {"title": ["Обязательное поле."]}
    assert Plan.objects.count() == 0
    response = client.post(CONFIRM, confirm_data(preview, title="Приглашения"))
    task = Task.objects.get()
    assert (task.plan.title, task.owner_body, task.due_date) == (
        "Приглашения",
        body,
        d("01.09.2024"),
    )


@pytest.mark.django_db
def test_upload_needs_a_file_or_a_text(client, coordinator):
    client.force_login(coordinator)
    response = client.post(IMPORT, {"title": "X"})
    assert response.context["form"].errors == {"file": ["Загрузите файл или вставьте текст плана."]}
    response = client.post(IMPORT, {"file": seed_upload(), "text": "1. Раз - 01.01.2024;"})
    assert response.context["form"].errors == {
        "file": ["Загрузите файл или вставьте текст, но не то и другое сразу."]
    }
    assert Plan.objects.count() == 0


@pytest.mark.django_db
def test_a_bad_choice_in_the_preview_is_shown_there_and_saves_nothing(client, coordinator):
    client.force_login(coordinator)
    preview = client.post(IMPORT, {"file": seed_upload(), "title": SEED_TITLE})
    audit_before = AuditEntry.objects.count()
    response = client.post(
        CONFIRM, confirm_data(preview, **{"tasks-0-owner_body": 999, "tasks-2-due_date": "xx"})
    )
    assert response.status_code == 200
    forms = response.context["formset"].forms
    assert forms[0].errors == {
        "owner_body": ["Выберите корректный вариант. 999 нет среди допустимых значений."]
    }
    assert forms[2].errors == {"due_date": ["Введите правильную дату."]}
    assert response.context["warnings"][0].startswith("Строка 1:")
    assert saved_nothing(audit_before)


@pytest.mark.django_db
def test_an_altered_or_mismatched_preview_is_refused(client, coordinator):
    client.force_login(coordinator)
    preview = client.post(IMPORT, {"file": seed_upload(), "title": SEED_TITLE})
    audit_before = AuditEntry.objects.count()
    data = confirm_data(preview)
    data["payload"] = data["payload"][:-2] + "xx"
    response = client.post(CONFIRM, data)
    assert response.status_code == 302 and response.url == IMPORT
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Предпросмотр устарел или повреждён: загрузите файл ещё раз."
    ]
    data = confirm_data(preview, **{"tasks-TOTAL_FORMS": 7})
    response = client.post(CONFIRM, data)
    assert response.status_code == 200
    assert response.context["line_errors"] == [
        "Предпросмотр не совпадает с загруженным планом: загрузите файл ещё раз."
    ]
    assert saved_nothing(audit_before)


@pytest.mark.django_db
def test_a_failing_import_shows_its_errors_in_the_preview(client, coordinator):
    client.force_login(coordinator)
    text = "title: План\ntasks:\n  - number: 1\n    title: Раз\n    depends_on: [9]\n"
    upload = SimpleUploadedFile("plan.yaml", text.encode())
    preview = client.post(IMPORT, {"file": upload})
    response = client.post(CONFIRM, confirm_data(preview))
    assert response.status_code == 200
    assert response.context["line_errors"] == [
        "Строка 3: пункт зависит от пункта 9, которого нет в плане."
    ]
    assert Plan.objects.count() == 0


@pytest.mark.django_db
def test_a_body_named_in_a_column_is_matched_or_left_to_the_person(client, coordinator):
    body = make_body("Оргкомитет", "organising_committee")
    client.force_login(coordinator)
    text = (
        "title: План\ntasks:\n"
        "  - number: 1\n    title: Раз\n    owner_body: Оргкомитет\n"
        "  - number: 2\n    title: Два\n    owner_body: Совет старейшин\n"
    )
    preview = client.post(IMPORT, {"file": SimpleUploadedFile("plan.yaml", text.encode())})
    assert [f.initial["owner_body"] for f in preview.context["formset"]] == [body.pk, None]
    assert preview.context["warnings"] == [
        "Строка 6: орган «Совет старейшин» не найден среди органов: выберите ответственный орган"
    ]
    client.post(CONFIRM, confirm_data(preview))
    assert [t.owner_body for t in Task.objects.order_by("position")] == [body, None]


@pytest.mark.django_db
def test_several_bodies_of_a_kind_are_told_apart_by_name_or_left_to_choose(client, coordinator):
    strategy = make_body("Рабочая группа разработки Стратегии", "working_group")
    make_body("Рабочая группа по молодёжи", "working_group")
    client.force_login(coordinator)
    text = (
        "1. Сформировать рабочую группу разработки Стратегии - 15.10.2023;\n"
        "2. Рабочей группе собрать отчёты - 01.11.2023;\n"
        "3. Расширенному экспертному совету согласовать - 01.12.2023;\n"
    )
    preview = client.post(IMPORT, {"text": text, "title": "План"})
    assert [f.initial["owner_body"] for f in preview.context["formset"]] == [
        strategy.pk,
        None,
        None,
    ]
    assert preview.context["warnings"] == [
        "Строка 2: в тексте назван орган «Рабочей группе», органов вида «рабочая группа» "
        "несколько: выберите ответственный орган",
        "Строка 3: в тексте назван орган «Расширенному экспертному совету», но органа вида "
        "«расширенный экспертный совет» нет: выберите ответственный орган или оставьте пустым",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "member", "leader"])
def test_only_those_who_manage_the_plan_may_import(client, who, request, coordinator):
    # a valid preview, made by someone allowed
    parsed = read_plan_text(SEED_PLAN.read_text(encoding="utf-8"))
    data = {
        "payload": preview_token(parsed, "text"),
        "title": SEED_TITLE,
        "tasks-TOTAL_FORMS": "8",
        "tasks-INITIAL_FORMS": "8",
    }
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    audit_before = AuditEntry.objects.count()
    responses = [
        client.get(IMPORT),
        client.post(IMPORT, {"file": seed_upload(), "title": SEED_TITLE}),
        client.post(CONFIRM, data),
    ]
    expected = 302 if who == "anonymous" else 403
    assert [r.status_code for r in responses] == [expected] * 3
    if who == "anonymous":
        assert all(r.url.startswith("/accounts/login/") for r in responses)
    assert saved_nothing(audit_before)


@pytest.mark.django_db
def test_a_member_of_the_body_holding_plan_manage_may_import(client):
    user = plan_manager()
    client.force_login(user)
    preview = client.post(IMPORT, {"file": seed_upload(), "title": SEED_TITLE})
    assert preview.status_code == 200
    response = client.post(CONFIRM, confirm_data(preview))
    assert response.status_code == 302
    assert Plan.objects.get().tasks.count() == 8


@pytest.mark.django_db
def test_confirm_is_post_only(client, coordinator):
    client.force_login(coordinator)
    assert client.get(CONFIRM).status_code == 405
