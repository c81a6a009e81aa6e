"""Background work of the spaces: mail about posts, digests, messenger deliveries."""

from django_tasks import task

from . import messenger, notify


@task()
def send_post_notices(post_id: int) -> int:
    return notify.send_post_notices(post_id)


@task()
def send_digests() -> int:
    """Run once a day (cron: ``zemlyaki workspace_digest``)."""
    return notify.send_digests()


@task()
def deliver_messages() -> int:
    """Queued messenger messages that are due (also run every minute by cron:
    ``zemlyaki workspace_deliver``), so that waiting messages go out after an outage."""
    return messenger.deliver_due()


@task()
def queue_deadlines() -> int:
    """Run once a day (cron: ``zemlyaki workspace_deliver --deadlines``)."""
    from .deadlines import deadlines_queue

    return deadlines_queue()
