"""The plan's page actions in the API: change and delete a plan, delete a task, result
documents, import — same permission, service and audit as the pages."""

import base64

import pytest

from tests.support.audit import audit_trail, row_counts
from zemlyaki.core.models import AuditEntry
from zemlyaki.plan.models import Plan, Task, TaskResult

from .factories import make_plan, make_task, plan_manager

pytestmark = pytest.mark.django_db

TEXT = "1. Сформировать рабочую группу - 15.10.2023;\n2. Провести сессию - 01.03.2024;\n"


# the tables a refused write leaves as they were
COUNTED = (Plan, Task, TaskResult, AuditEntry)


def test_plan_manager_changes_and_deletes_a_plan(api, token_for):
    manager = plan_manager()
    token = token_for(manager)
    plan = make_plan("План работ")
    response = api.patch(
        f"/plans/{plan.pk}", {"title": "План на 2025 год", "is_main": True}, token=token
    )
    assert response.status_code == 200
    assert response.json() == {
        "id": plan.pk,
        "title": "План на 2025 год",
        "description": "",
        "is_main": True,
        "source": "manual",
        "task_count": 0,
        "approved_version": None,
        "is_demo": False,
    }
    plan.refresh_from_db()
    assert (plan.title, plan.is_main) == ("План на 2025 год", True)
    assert audit_trail(plan) == [("create", None), ("update", "secretary")]
    assert api.delete(f"/plans/{plan.pk}", token=token).status_code == 204
    assert not Plan.objects.filter(pk=plan.pk).exists()
    assert audit_trail(plan)[-1] == ("delete", "secretary")
    assert api.delete(f"/plans/{plan.pk}", token=token).status_code == 404


def test_plan_change_invalid_names_the_field(api, coordinator, token_for):
    plan = make_plan("План работ")
    token = token_for(coordinator)
    before = row_counts(*COUNTED)
    empty = api.patch(f"/plans/{plan.pk}", {"title": ""}, token=token)
    assert empty.status_code == 422
    assert empty.json()["detail"][0]["field"] == "title"
    none = api.patch(f"/plans/{plan.pk}", {"is_main": None}, token=token)
    assert none.json()["detail"][0] == {
        "loc": ["body", "is_main"],
        "field": "is_main",
        "msg": "Поле не может быть пустым.",
        "type": "value_error",
    }
    plan.refresh_from_db()
    assert plan.title == "План работ"
    assert row_counts(*COUNTED) == before


def test_task_delete_and_result_documents(api, coordinator, token_for):
    token = token_for(coordinator)
    plan = make_plan()
    task = make_task(plan, "1")
    link = api.post(
        f"/tasks/{task.pk}/results",
        {"title": "Протокол", "url": "https://example.org/protocol"},
        token=token,
    )
    assert link.status_code == 201
    result = TaskResult.objects.get(task=task, title="Протокол")
    assert link.json() == {
        "id": result.pk,
        "task": task.pk,
        "title": "Протокол",
        "url": "https://example.org/protocol",
        "file": "",
    }
    upload = api.post(
        f"/tasks/{task.pk}/results",
        {
            "title": "Отчёт",
            "file": {
                "filename": "otchet.txt",
                "content_base64": base64.b64encode("Отчёт".encode()).decode(),
            },
        },
        token=token,
    )
    assert upload.status_code == 201
    stored = TaskResult.objects.get(pk=upload.json()["id"])
    assert stored.file.read().decode() == "Отчёт"
    nothing = api.post(f"/tasks/{task.pk}/results", {"title": "Пусто"}, token=token)
    assert nothing.status_code == 422
    assert nothing.json()["detail"][0] == {
        "loc": ["body", "url"],
        "field": "url",
        "msg": "Укажите ссылку на документ или загрузите файл.",
        "type": "value_error",
    }
    broken = api.post(
        f"/tasks/{task.pk}/results",
        {"title": "Х", "file": {"filename": "x.txt", "content_base64": "не base64"}},
        token=token,
    )
    assert broken.json()["detail"][0]["msg"] == "Файл не в кодировке base64."
    assert api.delete(f"/task-results/{result.pk}", token=token).status_code == 204
    assert [r.title for r in task.results.all()] == ["Отчёт"]
    assert audit_trail(task) == [
        ("create", None),
        ("update", "coord"),
        ("update", "coord"),
        ("update", "coord"),
    ]
    assert audit_trail(task, comment=True)[-1][2] == "удалён результат"
    assert api.delete(f"/tasks/{task.pk}", token=token).status_code == 204
    assert not Task.objects.filter(pk=task.pk).exists()
    assert audit_trail(task)[-1] == ("delete", "coord")


def test_members_cannot_change_plans(api, member, token_for):
    plan = make_plan("План работ")
    task = make_task(plan, "1")
    from zemlyaki.plan.services import task_add_result

    result = task_add_result(actor=None, task=task, title="Протокол", url="https://example.org/")
    token = token_for(member)
    before = row_counts(*COUNTED)
    answers = [
        api.patch(f"/plans/{plan.pk}", {"title": "Иное"}, token=token),
        api.delete(f"/plans/{plan.pk}", token=token),
        api.delete(f"/tasks/{task.pk}", token=token),
        api.post(f"/tasks/{task.pk}/results", {"title": "Х", "url": "https://x.org/"}, token=token),
        api.delete(f"/task-results/{result.pk}", token=token),
        api.post("/plan-imports", {"text": TEXT}, token=token),
    ]
    assert [a.status_code for a in answers] == [403] * 6
    assert answers[0].json() == {"detail": "Недостаточно прав для этого действия."}
    assert row_counts(*COUNTED) == before
    plan.refresh_from_db()
    assert plan.title == "План работ"
    assert api.delete(f"/plans/{plan.pk}").status_code == 401


def test_import_previews_then_creates_a_plan(api, coordinator, token_for):
    token = token_for(coordinator)
    before = row_counts(*COUNTED)
    preview = api.post(
        "/plan-imports", {"text": TEXT, "title": "План 2024", "dry_run": True}, token=token
    )
    assert preview.status_code == 200
    assert preview.json()["title"] == "План 2024"
    assert [(t["number"], t["due_date"]) for t in preview.json()["tasks"]] == [
        ("1", "2023-10-15"),
        ("2", "2024-03-01"),
    ]
    assert row_counts(*COUNTED) == before
    created = api.post("/plan-imports", {"text": TEXT, "title": "План 2024"}, token=token)
    assert created.status_code == 201
    plan = Plan.objects.get(pk=created.json()["id"])
    assert (created.json()["title"], created.json()["task_count"]) == ("План 2024", 2)
    assert [t.number for t in plan.tasks.order_by("position")] == ["1", "2"]
    assert audit_trail(plan)[0] == ("create", "coord")


def test_import_errors_name_the_file(api, coordinator, token_for):
    token = token_for(coordinator)
    before = row_counts(*COUNTED)
    neither = api.post("/plan-imports", {"title": "План"}, token=token)
    assert neither.json()["detail"][0] == {
        "loc": ["body", "file"],
        "field": "file",
        "msg": "Загрузите файл или вставьте текст плана.",
        "type": "value_error",
    }
    wrong_kind = api.post(
        "/plan-imports",
        {"file": {"filename": "plan.pdf", "content_base64": base64.b64encode(b"x").decode()}},
        token=token,
    )
    assert wrong_kind.status_code == 422
    assert wrong_kind.json()["detail"][0]["msg"] == (
        "Поддерживаются файлы .txt, .yaml, .yml и .xlsx."
    )
    assert row_counts(*COUNTED) == before
