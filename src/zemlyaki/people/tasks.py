"""Background work of the people app: reading, applying and undoing member lists, and
the error report of a list read before reports were stored."""

from django_tasks import task


@task()
def read_member_import(import_id: int) -> str:
    """Read a member list into its preview. An exception that escapes the reading is
    recorded on the import (in a transaction of its own) before the task fails with it,
    so the import never stays «чтение файла»."""
    from .importing import import_read, import_record_failure

    try:
        return str(import_read(import_id=import_id).status)
    except Exception as exc:
        import_record_failure(import_id=import_id, exc=exc)
        raise


@task()
def run_member_import(import_id: int, actor_id: int | None) -> None:
    from .importing import import_apply

    import_apply(import_id=import_id, actor_id=actor_id)


@task()
def undo_member_import(import_id: int, actor_id: int | None) -> None:
    """Undo an applied list; a failure is recorded on the import, which stays applied."""
    from .importing import import_undo_run

    import_undo_run(import_id=import_id, actor_id=actor_id)


@task()
def write_member_import_errors(import_id: int) -> None:
    from .importing import error_report_write

    error_report_write(import_id=import_id)
