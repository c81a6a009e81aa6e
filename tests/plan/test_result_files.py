"""The files of a plan's task results go from storage with the result, its task or its
plan, once the deletion is committed (``core.blobs.delete_with_files``)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.plan.factories import make_plan, make_task
from zemlyaki.plan.services import plan_delete, task_add_result, task_delete, task_remove_result

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("deleted", ["result", "task", "plan"])
def test_a_plan_s_result_files_go_with_what_holds_them(
    coordinator, django_capture_on_commit_callbacks, deleted
):
    plan = make_plan()
    task = make_task(plan, "1")
    upload = SimpleUploadedFile(
        "протокол.pdf", b"%PDF-1.4 protocol", content_type="application/pdf"
    )
    result = task_add_result(actor=coordinator, task=task, title="Протокол", file=upload)
    name, storage = result.file.name, result.file.storage
    assert storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        if deleted == "result":
            task_remove_result(actor=coordinator, result=result)
        elif deleted == "task":
            task_delete(actor=coordinator, task=task)
        else:
            plan_delete(actor=coordinator, plan=plan)

    assert not storage.exists(name)
