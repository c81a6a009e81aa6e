"""The error report of a member list is written by the reading in the background and kept
as a private file on the import; the page and the API only hand out the stored file, to
those who may import the association's members, exactly as written."""

import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.registry.factories import make_association
from zemlyaki.people.models import ImportRow, MemberImport
from zemlyaki.registry.services import association_add_leader

from .factories import committed, csv_bytes, error_report_rows, imported, run_tasks, undone
from .test_import import MESSY

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = ("Строка файла", *MESSY[0], "Причина")
ERRORS = [
    (4, "3", "Кузнецов Олег Иванович", "31.02.1980", None, None, None, None, None,
     "Дата рождения: Такой даты нет: «31.02.1980»."),
    (5, "4", "елкин петр семенович", "31/12/80", None, None, None, None, None,
     "Повтор строки 2."),
    (6, "5", "Морозов Иван", None, "12345", None, None, None, None,
     "Неверный номер телефона «12345»: нужен российский номер из 10 цифр после +7."),
    (7, "6", None, "01.01.1970", None, None, None, None, None, "Не указаны фамилия и имя."),
]  # fmt: skip


@pytest.fixture
def tambov(db, leader):
    association = make_association("Тамбовское землячество", ["68"])
    association_add_leader(actor=None, association=association, user=leader)
    return association


def _stored(member_import):
    member_import.refresh_from_db()
    with member_import.errors_file.open("rb") as stored:
        return stored.read()


def _rows(content):
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return list(book.worksheets[0].iter_rows(values_only=True))


def _import_rows_read(queries):
    return [q["sql"] for q in queries if ImportRow._meta.db_table in q["sql"]]


@pytest.mark.django_db
def test_the_reading_writes_the_report_and_the_page_streams_it_intact(client, leader, tambov):
    member_import = imported(leader, tambov, csv_bytes(MESSY))
    assert member_import.errors_file.name.startswith("people/import-errors/import-")
    assert error_report_rows(member_import) == [HEADER, *ERRORS]
    client.force_login(leader)
    url = f"/people/imports/{member_import.pk}/errors.xlsx"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        content = b"".join(response.streaming_content)
    # The request read no row of the import: it only sent the stored file.
    assert _import_rows_read(queries.captured_queries) == []
    assert (response.status_code, response["Content-Type"]) == (200, XLSX)
    assert response["Content-Disposition"] == (
        f'attachment; filename="import-{member_import.pk}-errors.xlsx"'
    )
    assert content == _stored(member_import)
    assert _rows(content) == [HEADER, *ERRORS]
    # The stored file's own address answers the same reader, and no one else.
    media = client.get(member_import.errors_file.url)
    assert b"".join(media.streaming_content) == content
    # Applying the list leaves its rows in error, and the report, as they were.
    done = committed(leader, member_import)
    assert done.errors_file.name == member_import.errors_file.name
    assert _stored(done) == content


@pytest.mark.django_db
def test_the_api_streams_the_same_file(api, token_for, leader, tambov):
    member_import = imported(leader, tambov, csv_bytes(MESSY))
    url = f"/people/imports/{member_import.pk}/errors.xlsx"
    with CaptureQueriesContext(connection) as queries:
        response = api.get(url, token=token_for(leader))
        content = b"".join(response.streaming_content)
    assert _import_rows_read(queries.captured_queries) == []
    assert (response.status_code, response["Content-Type"]) == (200, XLSX)
    assert content == _stored(member_import)
    assert _rows(content) == [HEADER, *ERRORS]
    assert api.get(url).status_code == 401


@pytest.mark.django_db
def test_the_report_is_hidden_from_those_who_may_not_import(client, api, token_for, leader, tambov):
    from tests.accounts.factories import UserFactory

    member_import = imported(leader, tambov, csv_bytes(MESSY))
    url = f"/people/imports/{member_import.pk}/errors.xlsx"
    other = make_association("Рязанское землячество", ["62"])
    outsider = UserFactory(role="leader")
    association_add_leader(actor=None, association=other, user=outsider)
    member = UserFactory(role="member")
    for user in (outsider, member):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.get(member_import.errors_file.url).status_code == 404
        assert api.get(url, token=token_for(user)).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the sign-in page
    assert client.get(member_import.errors_file.url).status_code == 404


@pytest.mark.django_db
def test_a_new_mapping_writes_a_new_report_and_removes_the_old(client, leader, tambov):
    member_import = imported(leader, tambov, csv_bytes(MESSY))
    old = member_import.errors_file.name
    storage = member_import.errors_file.storage
    client.force_login(leader)
    # Without the phone column, row 6 is no longer in error.
    mapping = {f"col_{k}": ("" if v == "phone" else v) for k, v in member_import.mapping.items()}
    with run_tasks():
        response = client.post(f"/people/imports/{member_import.pk}/mapping/", mapping)
        assert response.status_code == 302
        # Being read again: the old report is gone, the new one is not written yet.
        reading = MemberImport.objects.get()
        assert (reading.status, reading.errors_file.name) == ("reading", "")
        refused = client.get(f"/people/imports/{member_import.pk}/errors.xlsx")
        assert refused.status_code == 409
        assert "Отчёт об ошибках ещё готовится: скачайте его чуть позже." in refused.text
    member_import.refresh_from_db()
    assert member_import.status == "preview"
    # The old file went before the new one was written: one report is stored, the new one.
    assert storage.listdir("people/import-errors/") == ([], [old.rpartition("/")[2]])
    assert member_import.errors_file.name == old
    assert [row[0] for row in error_report_rows(member_import)[1:]] == [4, 5, 7]


@pytest.mark.django_db
def test_a_list_without_errors_has_no_report(client, api, token_for, leader, tambov):
    rows = [MESSY[0], MESSY[2]]
    member_import = imported(leader, tambov, csv_bytes(rows))
    assert (member_import.preview_errors, member_import.errors_file.name) == (0, "")
    url = f"/people/imports/{member_import.pk}/errors.xlsx"
    client.force_login(leader)
    page = client.get(url)
    assert page.status_code == 404
    assert "В этой загрузке нет строк с ошибками." in page.text
    body = api.get(url, token=token_for(leader))
    assert (body.status_code, body.json()) == (
        404,
        {"detail": "В этой загрузке нет строк с ошибками."},
    )


@pytest.mark.django_db
def test_an_import_without_a_stored_report_gets_one_written_in_the_background(
    client, api, token_for, leader, tambov
):
    # Read before reports were stored: the rows in error are there, the file is not.
    member_import = imported(leader, tambov, csv_bytes(MESSY))
    member_import.errors_file.delete(save=False)
    MemberImport.objects.filter(pk=member_import.pk).update(errors_file="")
    url = f"/people/imports/{member_import.pk}/errors.xlsx"
    token = token_for(leader)
    client.force_login(leader)
    with run_tasks():
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url)
            body = api.get(url, token=token)
        assert _import_rows_read(queries.captured_queries) == []
        assert page.status_code == 409
        assert "Отчёт об ошибках ещё готовится: скачайте его чуть позже." in page.text
        assert (body.status_code, body.json()["detail"]) == (
            409,
            "Отчёт об ошибках ещё готовится: скачайте его чуть позже.",
        )
        assert MemberImport.objects.get().errors_file.name == ""
    response = api.get(url, token=token)
    assert response.status_code == 200
    assert _rows(b"".join(response.streaming_content)) == [HEADER, *ERRORS]


@pytest.mark.django_db
def test_the_report_outlives_the_undo(client, leader, tambov):
    """The rows in error stay with the undone import, and so does their report."""
    done = committed(leader, imported(leader, tambov, csv_bytes(MESSY)))
    content = _stored(done)
    assert undone(leader, done).status == "undone"
    client.force_login(leader)
    page = client.get(f"/people/imports/{done.pk}/")
    assert 'id="error-report"' in page.text
    response = client.get(f"/people/imports/{done.pk}/errors.xlsx")
    assert b"".join(response.streaming_content) == content
