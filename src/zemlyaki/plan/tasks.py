"""Background work of the plan."""

from django_tasks import task

from .services import plan_send_reminders


@task()
def send_plan_reminders(days: int | None = None) -> int:
    """Deadline reminders for today (idempotent: run it as often as you like)."""
    return plan_send_reminders(days=days)
