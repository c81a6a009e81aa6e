import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zemlyaki.core.models import AuditEntry
from zemlyaki.plan.models import Plan, Task, TaskDateChange
from zemlyaki.plan.services import plan_approve, task_add_result

from .factories import (
    SEED_PLAN,
    SEED_TITLE,
    d,
    import_seed,
    make_body,
    make_person,
    make_plan,
    make_task,
    plan_manager,
)


def count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm up the session and caches
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def task_data(task, **changes):
    data = {
        "number": task.number,
        "title": task.title,
        "description": task.description,
        "owner_body": task.owner_body_id or "",
        "owner_person": task.owner_person_id or "",
        "start_date": task.start_date.isoformat() if task.start_date else "",
        "due_date": task.due_date.isoformat() if task.due_date else "",
        "status": task.status,
        "depends_on": [t.pk for t in task.depends_on.all()],
    }
    if task.follows_previous:
        data["follows_previous"] = "on"
    data.update(changes)
    return data


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    plan = make_plan()
    for url in ["/plans/", plan.get_absolute_url(), f"/plans/{plan.pk}/gantt/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")


@pytest.mark.django_db
def test_plan_list_for_a_member(client, member, django_assert_num_queries):
    import_seed(is_main=True)
    make_plan("План анкетирования")
    client.force_login(member)
    baseline = count_queries(client, "/plans/")
    for n in range(5):
        make_plan(f"Запасной план {n}")
    with django_assert_num_queries(baseline):  # more plans, no more queries
        client.get("/plans/")
    response = client.get("/plans/", {"q": "план"})
    assert response.status_code == 200
    titles = [p.title for p in response.context["page"]]
    assert titles == [SEED_TITLE, *(f"Запасной план {n}" for n in range(5)), "План анкетирования"]
    seed = response.context["page"][0]
    assert (seed.task_count, seed.open_count, seed.overdue_count) == (8, 8, 8)
    assert "7 планов" in response.text
    assert "Новый план" not in response.text


@pytest.mark.django_db
def test_plan_detail_shows_problems_next_to_tasks_and_in_a_list(client, member):
    plan = import_seed()
    client.force_login(member)
    response = client.get(plan.get_absolute_url())
    assert response.status_code == 200
    kinds = [p.kind for p in response.context["problems"]]
    assert kinds.count("duplicate_number") == 1
    assert kinds.count("order_slip") == 4
    rows = response.context["rows"]
    assert [r["task"].number for r in rows] == ["1", "2", "3", "3", "4", "5", "6", "7"]
    fourth = rows[3]
    assert sorted(p.kind for p in fourth["problems"]) == [
        "duplicate_number", "no_owner", "order_slip", "overdue",
    ]  # fmt: skip
    assert sorted(p.kind for p in rows[7]["problems"]) == ["no_owner", "overdue"]
    # an earlier item shows the slips of later items against it in short
    assert [p.kind for p in rows[0]["problems"]] == ["overdue", "no_owner"]
    assert rows[0]["related"] == ["срок раньше пункта выше у пунктов 3, 4, 5, 6"]
    assert rows[3]["related"] == []
    assert "Связано с этим пунктом: срок раньше пункта выше у пунктов 3, 4, 5, 6" in response.text
    assert (
        "Пункт 6 (срок 01.03.2023) идёт после пунктов 1, 2, 3, 4, но его срок раньше их срока "
        "(15.10.2023)." in response.text
    )
    assert 'id="problem-list"' in response.text
    assert "Добавить мероприятие" not in response.text


@pytest.mark.django_db
def test_plan_detail_query_count_does_not_grow_with_tasks(
    client, member, django_assert_num_queries
):
    body = make_body(formed="01.01.2023")
    person = make_person()
    plan = make_plan()
    previous = None

    def add_tasks(first, last):
        nonlocal previous
        for n in range(first, last + 1):
            previous = make_task(
                plan,
                str(n),
                due="01.02.2024",
                owner_body=body,
                owner_person=person,
                depends_on=[previous] if previous else [],
            )
            task_add_result(actor=None, task=previous, title="Отчёт", url="https://example.org/")

    add_tasks(1, 2)
    client.force_login(member)
    plan_approve(plan=plan, actor=None, decision=AuditEntry.objects.first())
    baseline = count_queries(client, plan.get_absolute_url())
    add_tasks(3, 30)
    with django_assert_num_queries(baseline):
        response = client.get(plan.get_absolute_url())
    assert len(response.context["rows"]) == 30
    assert len(response.context["calendar_links"]) == 2


@pytest.mark.django_db
def test_filters_of_tasks(client, member):
    plan = make_plan()
    make_task(plan, "1", "Собрать годовые отчёты", status="done")
    make_task(plan, "2", "Провести анкетирование", owner_person=make_person())
    client.force_login(member)
    done = client.get(plan.get_absolute_url(), {"status": "done"})
    assert [r["task"].number for r in done.context["rows"]] == ["1"]
    found = client.get(plan.get_absolute_url(), {"q": "отчётов"})
    assert [r["task"].number for r in found.context["rows"]] == ["1"]
    problems = client.get(plan.get_absolute_url(), {"problems": "on"})
    assert [r["task"].number for r in problems.context["rows"]] == ["1"]  # no owner


@pytest.mark.django_db
def test_member_cannot_edit_a_task_and_nothing_changes(client, member):
    task = make_task(make_plan(), "1", due="01.02.2024")
    client.force_login(member)
    url = reverse("plan:task_edit", args=[task.pk])
    assert client.get(url).status_code == 403
    response = client.post(url, task_data(task, title="Чужая правка"))
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.title == "Мероприятие 1"
    assert not AuditEntry.objects.filter(object_type="plan.task", action="update").exists()


@pytest.mark.django_db
def test_plan_manager_edits_a_task_and_date_moves_are_kept(client):
    user = plan_manager()
    plan = import_seed()
    task = plan.tasks.get(position=4)
    client.force_login(user)
    url = reverse("plan:task_edit", args=[task.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "reason" not in page.context["form"].fields  # not approved yet
    plan_approve(plan=plan, actor=user, decision=AuditEntry.objects.first())
    page = client.get(url)
    assert "reason" in page.context["form"].fields
    response = client.post(
        url,
        task_data(task, due_date="2024-02-01", status="in_progress", reason="Опечатка в годе"),
    )
    assert response.status_code == 302, response.context["form"].errors
    task.refresh_from_db()
    assert (task.due_date, task.status) == (d("01.02.2024"), "in_progress")
    change = TaskDateChange.objects.get()
    assert (change.old_due_date, change.new_due_date, change.reason, change.changed_by) == (
        d("01.02.2023"),
        d("01.02.2024"),
        "Опечатка в годе",
        user,
    )
    detail = client.get(plan.get_absolute_url())
    assert "перенесён: 01.02.2023 → 01.02.2024" in detail.text
    history = client.get(reverse("plan:plan_history", args=[plan.pk]))
    assert history.status_code == 200
    assert [v.number for v in history.context["versions"]] == [1]
    assert [c.reason for c in history.context["page"]] == ["Опечатка в годе"]
    assert "Опечатка в годе" in history.text
    assert "01.02.2023" in history.text


@pytest.mark.django_db
def test_task_form_errors_are_in_russian_next_to_fields(client, coordinator):
    plan = make_plan()
    task = make_task(plan, "1", due="01.02.2024")
    client.force_login(coordinator)
    response = client.post(
        reverse("plan:task_edit", args=[task.pk]),
        task_data(task, start_date="2024-03-01", title=""),
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "title": ["Обязательное поле."],
    }
    response = client.post(
        reverse("plan:task_edit", args=[task.pk]), task_data(task, start_date="2024-03-01")
    )
    assert response.context["form"].errors == {"start_date": ["Начало позже срока."]}
    assert '<p class="error" id="id_start_date-error">Начало позже срока.</p>' in response.text
    task.refresh_from_db()
    assert task.start_date is None


@pytest.mark.django_db
def test_create_plan_and_task(client, coordinator):
    client.force_login(coordinator)
    response = client.post("/plans/new/", {"title": "План сессии", "description": ""})
    plan = Plan.objects.get(title="План сессии")
    assert response.url == plan.get_absolute_url()
    body = make_body()
    response = client.post(
        reverse("plan:task_create", args=[plan.pk]),
        {"number": "1", "title": "Разослать приглашения", "due_date": "2024-09-01",
         "owner_body": body.pk, "status": "not_started"},
    )  # fmt: skip
    assert response.status_code == 302
    task = Task.objects.get(plan=plan)
    assert (task.number, task.owner_body, task.due_date) == ("1", body, d("01.09.2024"))


@pytest.mark.django_db
def test_import_page_lists_errors_per_line(client, coordinator):
    client.force_login(coordinator)
    text = "1. Первое - 01.02.2024;\nлишняя строка\n2. Второе - 30.02.2024;\n"
    upload = SimpleUploadedFile("plan.txt", text.encode(), content_type="text/plain")
    response = client.post("/plans/import/", {"file": upload, "title": "План"})
    assert response.status_code == 200
    assert response.context["line_errors"] == [
        "Строка 2: строка не похожа на пункт плана «N. Название - ДД.ММ.ГГГГ;» и не является "
        "примечанием в скобках",
        "Строка 3: такой даты нет: «30.02.2024»",
    ]
    assert "Строка 3: такой даты нет: «30.02.2024»" in response.text
    assert Plan.objects.count() == 0
    wrong = SimpleUploadedFile("plan.docx", b"x")
    response = client.post("/plans/import/", {"file": wrong})
    assert response.context["form"].errors == {
        "file": ["Поддерживаются файлы .txt, .yaml, .yml и .xlsx."]
    }


@pytest.mark.django_db
def test_import_page_is_refused_to_a_member(client, member):
    client.force_login(member)
    upload = SimpleUploadedFile("plan.txt", SEED_PLAN.read_bytes())
    assert client.post("/plans/import/", {"file": upload, "title": "X"}).status_code == 403
    assert Plan.objects.count() == 0


@pytest.mark.django_db
def test_gantt_page(client, member):
    plan = import_seed()
    client.force_login(member)
    response = client.get(reverse("plan:plan_gantt", args=[plan.pk]))
    assert response.status_code == 200
    chart = response.context["chart"]
    assert len([b for b in chart.bars if b.has_bar]) == 8
    assert len(chart.arrows) == 7  # each item follows the one above
    assert response.text.count('<rect class="bar') == 8
    assert 'class="today"' in response.text
    assert f"Сегодня {datetime.date.today():%d.%m.%Y}" in response.text


@pytest.mark.django_db
def test_result_documents(client, coordinator, member):
    task = make_task(make_plan(), "1")
    client.force_login(member)
    url = reverse("plan:task_result_add", args=[task.pk])
    assert (
        client.post(url, {"title": "Протокол", "url": "https://example.org/p"}).status_code == 403
    )
    assert task.results.count() == 0
    client.force_login(coordinator)
    client.post(url, {"title": "Протокол", "url": "https://example.org/p"})
    upload = SimpleUploadedFile("itogi.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    client.post(url, {"title": "Итоги", "file": upload})
    client.post(url, {"title": "Пусто"})
    assert [(r.title, r.url, bool(r.file)) for r in task.results.all()] == [
        ("Протокол", "https://example.org/p", False),
        ("Итоги", "", True),
    ]


@pytest.mark.django_db
def test_deleting_is_refused_to_a_member_and_allowed_to_a_plan_manager(client, member):
    plan = make_plan()
    task = make_task(plan, "1")
    client.force_login(member)
    assert client.post(reverse("plan:task_delete", args=[task.pk])).status_code == 403
    assert client.post(reverse("plan:plan_delete", args=[plan.pk])).status_code == 403
    assert (Plan.objects.count(), Task.objects.count()) == (1, 1)
    client.force_login(plan_manager())
    response = client.post(reverse("plan:task_delete", args=[task.pk]))
    assert response.url == plan.get_absolute_url()
    assert Task.objects.count() == 0
    assert AuditEntry.objects.filter(object_type="plan.task", action="delete").count() == 1
    client.post(reverse("plan:plan_delete", args=[plan.pk]))
    assert Plan.objects.count() == 0


@pytest.mark.django_db
def test_audit_page_is_for_plan_managers(client, member, coordinator):
    plan = make_plan()
    url = reverse("plan:plan_audit", args=[plan.pk])
    client.force_login(member)
    assert client.get(url).status_code == 403
    client.force_login(coordinator)
    response = client.get(url)
    assert response.status_code == 200
    assert [e.action for e in response.context["page"]] == ["create"]
