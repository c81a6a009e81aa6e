import pytest

from zemlyaki.core.models import AuditEntry
from zemlyaki.plan.models import Plan, Task, TaskDateChange
from zemlyaki.plan.services import plan_approve

from .factories import (
    SEED_TITLE,
    add_member,
    d,
    import_seed,
    make_body,
    make_person,
    make_plan,
    make_task,
    plan_manager,
)


@pytest.mark.django_db
def test_reading_needs_a_token(api, member, token_for):
    plan = make_plan()
    assert api.get("/plans").status_code == 401
    assert api.get(f"/plans/{plan.pk}/tasks").status_code == 401
    response = api.get("/plans", token=token_for(member))
    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "items": [
            {
                "id": plan.pk,
                "title": "План работ",
                "description": "",
                "is_main": False,
                "source": "manual",
                "task_count": 0,
                "approved_version": None,
                "is_demo": False,
            }
        ],
    }


@pytest.mark.django_db
def test_seed_plan_tasks_and_problems(api, member, token_for):
    plan = import_seed()
    token = token_for(member)
    page = api.get(f"/plans/{plan.pk}/tasks", token=token).json()
    assert page["count"] == 8
    tasks = page["items"]
    assert [(t["number"], t["due_date"], t["status"]) for t in tasks] == [
        ("1", "2023-10-15", "not_started"),
        ("2", "2023-10-15", "not_started"),
        ("3", "2023-10-15", "not_started"),
        ("3", "2023-02-01", "not_started"),
        ("4", "2023-10-01", "not_started"),
        ("5", "2023-02-01", "not_started"),
        ("6", "2023-03-01", "not_started"),
        ("7", "2024-08-01", "not_started"),
    ]
    assert tasks[3]["problems"] == ["duplicate_number", "order_slip", "overdue", "no_owner"]
    assert tasks[3]["status_name"] == "не начато"
    page = api.get(f"/plans/{plan.pk}/problems", token=token).json()
    problems = page["items"]
    assert page["count"] == len(problems)
    slips = [(p["kind"], p["tasks"]) for p in problems if p["kind"] != "no_owner"]
    assert slips == [
        ("duplicate_number", ["3", "3"]),
        ("order_slip", ["3", "1", "2", "3"]),
        ("order_slip", ["4", "1", "2", "3"]),
        ("order_slip", ["5", "1", "2", "3", "4"]),
        ("order_slip", ["6", "1", "2", "3", "4"]),
        *[("overdue", [n]) for n in ["1", "2", "3", "3", "4", "5", "6", "7"]],
    ]
    assert problems[0]["message"] == "Номер 3 встречается 2 раза."
    assert problems[0]["kind_name"] == "повтор номера"
    listing = api.get("/plans", token=token).json()
    assert listing["items"][0]["title"] == SEED_TITLE
    assert listing["items"][0]["task_count"] == 8


@pytest.mark.django_db
def test_create_plan(api, member, coordinator, token_for):
    refused = api.post("/plans", {"title": "План"}, token=token_for(member))
    assert refused.status_code == 403
    assert Plan.objects.count() == 0
    response = api.post(
        "/plans", {"title": " План сессии ", "is_main": True}, token=token_for(coordinator)
    )
    assert response.status_code == 201
    plan = Plan.objects.get()
    assert response.json()["id"] == plan.pk
    assert (plan.title, plan.is_main) == ("План сессии", True)
    invalid = api.post("/plans", {"title": ""}, token=token_for(coordinator))
    assert invalid.status_code == 422
    assert invalid.json()["detail"][0]["field"] == "title"


@pytest.mark.django_db
def test_create_task(api, coordinator, token_for):
    plan = make_plan()
    first = make_task(plan, "1", due="01.03.2024")
    body = make_body()
    response = api.post(
        f"/plans/{plan.pk}/tasks",
        {"number": "2", "title": "Анкетирование", "due_date": "2024-02-01",
         "owner_body": body.pk, "depends_on": [first.pk]},
        token=token_for(coordinator),
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    body_json = response.json()
    assert body_json["owner_body"] == {"id": body.pk, "name": "Рабочая группа"}
    assert body_json["depends_on_numbers"] == ["1"]
    problems = api.get(f"/plans/{plan.pk}/problems", token=token_for(coordinator)).json()["items"]
    assert ("dependency_slip", ["2", "1"]) in [(p["kind"], p["tasks"]) for p in problems]


@pytest.mark.django_db
def test_patch_task(api, token_for):
    user = plan_manager()
    plan = import_seed()
    task = plan.tasks.get(position=4)
    plan_approve(plan=plan, actor=user, decision=AuditEntry.objects.first())
    response = api.patch(
        f"/tasks/{task.pk}",
        {"due_date": "2024-02-01", "status": "in_progress", "reason": "Опечатка"},
        token=token_for(user),
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["due_date"], response.json()["status"]) == ("2024-02-01", "in_progress")
    task.refresh_from_db()
    assert task.due_date == d("01.02.2024")
    change = TaskDateChange.objects.get()
    assert (change.old_due_date, change.new_due_date, change.reason) == (
        d("01.02.2023"),
        d("01.02.2024"),
        "Опечатка",
    )
    cleared = api.patch(f"/tasks/{task.pk}", {"due_date": None}, token=token_for(user))
    assert cleared.json()["due_date"] is None


@pytest.mark.django_db
def test_patch_refusals_change_nothing(api, member, coordinator, token_for):
    plan = make_plan()
    task = make_task(plan, "1", due="01.03.2024")
    other = make_task(make_plan("Другой"), "1")
    assert api.patch(f"/tasks/{task.pk}", {"title": "X"}).status_code == 401
    assert (
        api.patch(f"/tasks/{task.pk}", {"title": "X"}, token=token_for(member)).status_code == 403
    )
    bad = api.patch(
        f"/tasks/{task.pk}",
        {"title": "X", "status": "готово", "depends_on": [other.pk]},
        token=token_for(coordinator),
    )
    assert bad.status_code == 422
    assert [e["field"] for e in bad.json()["detail"]] == ["status"]
    foreign = api.patch(
        f"/tasks/{task.pk}", {"title": "X", "depends_on": [other.pk]}, token=token_for(coordinator)
    )
    assert foreign.status_code == 422
    assert foreign.json()["detail"] == [
        {
            "loc": ["body", "depends_on"],
            "field": "depends_on",
            "msg": f"Мероприятия {other.pk} нет в этом плане.",
            "type": "value_error",
        }
    ]
    task.refresh_from_db()
    assert (task.title, list(task.depends_on.all())) == ("Мероприятие 1", [])
    assert (
        api.patch("/tasks/999999", {"title": "X"}, token=token_for(coordinator)).status_code == 404
    )
    assert Task.objects.filter(title="X").count() == 0


@pytest.mark.django_db
def test_task_owner_is_one_the_form_offers(api, token_for):
    """A person outside every body is "not found" as an owner: the answer would otherwise
    tell a plan manager the name of anyone whose id they try."""
    user = plan_manager()
    plan = make_plan()
    task = make_task(plan, "1")
    private = make_person("Скрытова", "Вера")
    seated = make_person("Членова", "Ольга")
    add_member(make_body("Совет"), seated)
    before = Task.objects.count()
    response = api.post(
        f"/plans/{plan.pk}/tasks",
        {"number": "2", "title": "Встреча", "owner_person": private.pk},
        token=token_for(user),
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "owner_person"
    assert "Скрытова" not in response.content.decode()
    assert Task.objects.count() == before
    refused = api.patch(f"/tasks/{task.pk}", {"owner_person": private.pk}, token=token_for(user))
    assert refused.status_code == 422
    task.refresh_from_db()
    assert task.owner_person is None
    named = api.patch(f"/tasks/{task.pk}", {"owner_person": seated.pk}, token=token_for(user))
    assert named.json()["owner_person"] == {"id": seated.pk, "name": "Членова Ольга"}
    # the present owner stays a valid choice even after leaving the body
    seated.body_memberships.all().delete()
    kept = api.patch(
        f"/tasks/{task.pk}", {"owner_person": seated.pk, "title": "Т"}, token=token_for(user)
    )
    assert kept.status_code == 200


@pytest.mark.django_db
def test_openapi_lists_the_plan_endpoints(api):
    paths = api.get("/openapi.json").json()["paths"]
    assert set(paths["/api/v1/plans"]) == {"get", "post"}
    assert set(paths["/api/v1/plans/{plan_id}/tasks"]) == {"get", "post"}
    assert set(paths["/api/v1/plans/{plan_id}/problems"]) == {"get"}
    assert set(paths["/api/v1/plans/{plan_id}"]) == {"get", "patch", "delete"}
    assert set(paths["/api/v1/tasks/{task_id}"]) == {"patch", "delete"}
    assert set(paths["/api/v1/tasks/{task_id}/results"]) == {"post"}
    assert set(paths["/api/v1/task-results/{result_id}"]) == {"delete"}
    assert set(paths["/api/v1/plan-imports"]) == {"post"}
