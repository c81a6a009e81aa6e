"""Files in storage that no record names any more.

Written inside a transaction that then rolls back: the rows go with the rollback, the
written files would stay on the disk (or in the bucket) with nothing pointing at them. A
caller that writes files as part of a larger change wraps it in
:func:`discarded_on_failure`; the code that saves a file calls :func:`written` with it,
and on an exception the files written inside are deleted.

Named by records the database deletes with another (an association's member lists and
their error reports, its news illustrations, its logo): :func:`delete_with_files`
deletes the record and, once that is committed, the files of everything deleted with it.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import models, router, transaction
from django.db.models.deletion import Collector

_written: ContextVar[list[tuple[Any, str]] | None] = ContextVar("written_blobs", default=None)


def written(field_file: Any) -> None:
    """Note a file just saved, for the enclosing :func:`discarded_on_failure`, if any."""
    files = _written.get()
    if files is not None and field_file.name:
        files.append((field_file.storage, field_file.name))


@contextmanager
def discarded_on_failure() -> Iterator[None]:
    files: list[tuple[Any, str]] = []
    token = _written.set(files)
    try:
        yield
    except BaseException:
        for storage, name in files:
            storage.delete(name)
        raise
    finally:
        _written.reset(token)


def delete_with_files(instance: models.Model) -> None:
    """Delete ``instance`` as ``instance.delete()`` does (refused the same way when a
    protected record holds it), and after the commit the files of every record deleted
    with it. A file another record still names stays."""
    collector = Collector(using=router.db_for_write(type(instance)), origin=instance)
    collector.collect([instance])
    files = _files_of(collector)
    collector.delete()
    if files:
        transaction.on_commit(lambda: _delete_unnamed(files))


FileRef = tuple[type[models.Model], models.FileField, str]
# Primary keys asked for at a time (SQLite limits the parameters of a statement).
CHUNK = 500


def _file_fields(model: type[models.Model]) -> list[models.FileField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def _files_of(collector: Collector) -> list[FileRef]:
    """The files the collected records name, as stored (an instance in hand may be older
    than its row)."""
    found: list[models.QuerySet[Any]] = []
    for model, instances in collector.data.items():
        if _file_fields(model):
            pks = [obj.pk for obj in instances]
            found += [
                model._base_manager.filter(pk__in=pks[i : i + CHUNK])
                for i in range(0, len(pks), CHUNK)
            ]
    files: list[FileRef] = []
    for qs in [*found, *collector.fast_deletes]:
        for field in _file_fields(qs.model):
            names = qs.exclude(**{field.attname: ""}).values_list(field.attname, flat=True)
            files += [(qs.model, field, name) for name in names if name]
    return files


def _delete_unnamed(files: list[FileRef]) -> None:
    for model, field, name in files:
        if not model._base_manager.filter(**{field.attname: name}).exists():
            field.storage.delete(name)
