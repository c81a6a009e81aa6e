from django_tasks import task

from .mail import send_reminders


@task()
def send_event_reminders(within_hours: int = 24) -> int:
    return send_reminders(within_hours=within_hours)
