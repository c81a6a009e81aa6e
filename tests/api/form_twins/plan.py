"""The plan's pages that change data and their twins in the API. A plan is approved by a
decision of an event (``events`` minutes), so its approval is the twin of the minutes page."""

TWINS: dict[str, str] = {
    "plan:plan_create": "POST /api/v1/plans",
    "plan:plan_edit": "PATCH /api/v1/plans/{plan_id}",
    "plan:plan_delete": "DELETE /api/v1/plans/{plan_id}",
    "plan:plan_import": "POST /api/v1/plan-imports",
    "plan:plan_import_confirm": "POST /api/v1/plan-imports",
    "plan:task_create": "POST /api/v1/plans/{plan_id}/tasks",
    "plan:task_edit": "PATCH /api/v1/tasks/{task_id}",
    "plan:task_delete": "DELETE /api/v1/tasks/{task_id}",
    "plan:task_result_add": "POST /api/v1/tasks/{task_id}/results",
    "plan:task_result_delete": "DELETE /api/v1/task-results/{result_id}",
}

EXEMPT: dict[str, str] = {}
