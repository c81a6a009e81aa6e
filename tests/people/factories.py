import io

from zemlyaki.people.services import person_create


def make_person(last="Иванов", first="Иван", patronymic="Иванович", association=None, **data):
    consent = data.pop("consent", {"form": "paper"})
    return person_create(
        actor=None,
        data={"last_name": last, "first_name": first, "patronymic": patronymic, **data},
        association=association,
        consent=consent,
    )


def csv_bytes(rows, encoding="utf-8", delimiter=";"):
    import csv

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run_tasks():
    """The background tasks queued in the block run at its end, as they do after the
    commit of a request (a test's transaction never commits; the ImmediateBackend of the
    test settings then runs each task at once)."""
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


def imported(actor, association, content, file_name="список.csv", **kwargs):
    """Upload a list and let its reading run: the import with its preview."""
    from zemlyaki.people import importing

    with run_tasks():
        member_import = importing.import_create(
            actor=actor, association=association, file_name=file_name, content=content, **kwargs
        )
    member_import.refresh_from_db()
    return member_import


def committed(actor, member_import, on_match="fill"):
    """Confirm a preview and let its applying run: the import with its outcome."""
    from zemlyaki.people import importing

    with run_tasks():
        importing.import_commit(actor=actor, member_import=member_import, on_match=on_match)
    member_import.refresh_from_db()
    return member_import


def undone(actor, member_import):
    """Ask for the undoing of an applied import and let its task run: the import as it
    stands afterwards («отменена», or «выполнена» with the reason the undoing failed)."""
    from zemlyaki.people import importing

    with run_tasks():
        importing.import_undo(actor=actor, member_import=member_import)
    member_import.refresh_from_db()
    return member_import


def error_report_rows(member_import):
    """The rows of the error report the reading stored on the import, as openpyxl reads
    them back."""
    import openpyxl

    member_import.refresh_from_db()
    with member_import.errors_file.open("rb") as stored:
        book = openpyxl.load_workbook(io.BytesIO(stored.read()), read_only=True)
    return list(book.worksheets[0].iter_rows(values_only=True))
