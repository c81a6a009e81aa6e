"""Background work of the strategy: writing the files of an approved version."""

from django_tasks import task


@task()
def publish_version(version_id: int) -> None:
    from .models import DocumentVersion
    from .services import version_publish_files

    version = DocumentVersion.objects.select_related("document").get(pk=version_id)
    version_publish_files(version)
