"""Files of the plan: documents that came out of its tasks, for those who see the plan."""

from django.http import HttpRequest

from zemlyaki.core.protected_files import Download, register

from .models import TaskResult


def task_result(request: HttpRequest, name: str) -> Download | None:
    found = TaskResult.objects.filter(file=name).select_related("task__plan").first()
    if found is None or not request.user.has_perm("plan.view_plan", found.task.plan):
        return None
    return Download(found.file, filename=found.title)


register("plan/results/", task_result)
