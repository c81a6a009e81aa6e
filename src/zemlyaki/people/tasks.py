"""Background work of the people app."""

from django_tasks import task


@task()
def run_member_import(import_id: int, actor_id: int | None) -> None:
    from .importing import import_apply

    import_apply(import_id=import_id, actor_id=actor_id)
