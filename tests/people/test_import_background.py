"""A member list is read, previewed and applied in background tasks: the upload answers
at once, the import shows its progress, and a failure, a stall or a list over the row
limit ends in a Russian message on the page and in the API, with nothing half done."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.registry.factories import make_association
from zemlyaki.core.models import AuditEntry
from zemlyaki.people import importing
from zemlyaki.people.models import ImportRow, MemberImport, Person
from zemlyaki.registry.services import association_add_leader

from .factories import committed, csv_bytes, imported, run_tasks, undone, xlsx_bytes
from .test_import import MESSY

HEADER = ["ФИО", "Дата рождения", "Телефон"]


@pytest.fixture
def tambov(db, leader):
    association = make_association("Тамбовское землячество", ["68"])
    association_add_leader(actor=None, association=association, user=leader)
    return association


def _many(count):
    return [HEADER] + [
        [
            f"Участников Участник{n}",
            "",
            f"8 916 {n // 10000:03d}-{n // 100 % 100:02d}-{n % 100:02d}",
        ]
        for n in range(count)
    ]


def _broken_xlsx():
    """A sound archive whose sheet breaks off after its first rows: the upload's checks
    pass, the reading fails."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes(MESSY)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b"<row><c></row></sheetData>")
            target.writestr(item, data)
    return out.getvalue()


@pytest.mark.django_db
def test_a_file_broken_inside_fails_in_the_task_and_says_so(client, api, token_for, leader, tambov):
    client.force_login(leader)
    upload = SimpleUploadedFile("список.xlsx", _broken_xlsx())
    with run_tasks():
        response = client.post("/people/imports/", {"association": tambov.pk, "file": upload})
        assert MemberImport.objects.get().status == "reading"
    member_import = MemberImport.objects.get()
    assert response["Location"] == f"/people/imports/{member_import.pk}/"
    assert member_import.status == "failed"
    assert member_import.failure.startswith("Не удалось прочитать файл: ")
    assert ImportRow.objects.count() == 0 and Person.objects.count() == 0
    page = client.get(f"/people/imports/{member_import.pk}/")
    assert page.status_code == 200
    assert '<span id="import-status">ошибка</span>' in page.text
    assert (
        '<p class="error" role="alert" id="import-failure">Загрузка не удалась, в базе ничего '
        "не изменилось: Не удалось прочитать файл: "
    ) in page.text
    assert "hx-trigger" not in page.text and 'http-equiv="refresh"' not in page.text
    body = api.get(f"/people/imports/{member_import.pk}", token=token_for(leader)).json()
    assert (body["status"], body["failure"], body["rows"]) == (
        "failed",
        member_import.failure,
        [],
    )


@pytest.mark.django_db
def test_a_list_over_the_row_limit_is_refused_whole(settings, api, token_for, leader, tambov):
    settings.ZEMLYAKI_IMPORT_MAX_ROWS = 2050
    # The first 2 000 rows are read and written before the limit is reached: they go.
    member_import = imported(leader, tambov, csv_bytes(_many(2051)))
    assert (member_import.status, member_import.failure) == (
        "failed",
        "В списке больше 2050 строк с данными, а в одной загрузке их может быть не больше "
        "2050. Ничего не загружено: разделите список на части не длиннее 2050 строк.",
    )
    assert (member_import.total, member_import.processed, member_import.preview_new) == (0, 0, 0)
    assert ImportRow.objects.count() == 0 and Person.objects.count() == 0
    body = api.get(f"/people/imports/{member_import.pk}", token=token_for(leader)).json()
    assert (body["status"], body["failure"]) == ("failed", member_import.failure)
    with pytest.raises(Exception) as info:
        importing.import_commit(actor=leader, member_import=member_import, on_match="fill")
    assert info.value.messages == ["Эта загрузка уже применена или поставлена в очередь."]

    settings.ZEMLYAKI_IMPORT_MAX_ROWS = 200_000
    big = importing.reading.too_many_rows(200_000).messages[0]
    assert big.startswith("В списке больше 200\xa0000 строк с данными")
    exactly = imported(leader, tambov, csv_bytes(_many(2050)))
    assert (exactly.status, exactly.total, exactly.processed) == ("preview", 2050, 2050)
    done = committed(leader, exactly)
    assert (done.status, done.created, done.processed) == ("done", 2050, 2050)


@pytest.mark.django_db
def test_the_reading_shows_progress(client, api, token_for, leader, tambov):
    member_import = importing.import_create(
        actor=leader, association=tambov, file_name="a.csv", content=csv_bytes(MESSY)
    )
    MemberImport.objects.filter(pk=member_import.pk).update(processed=25000)
    client.force_login(leader)
    response = client.get(f"/people/imports/{member_import.pk}/progress/", HTTP_HX_REQUEST="true")
    assert (
        "Прочитано строк: 25\xa0000." in response.text and 'hx-trigger="every 1s"' in response.text
    )
    assert "HX-Refresh" not in response
    body = api.get(f"/people/imports/{member_import.pk}", token=token_for(leader)).json()
    assert (body["status"], body["processed"], body["total"]) == ("reading", 25000, 0)


@pytest.mark.django_db
def test_a_stalled_reading_is_shown_and_restarted(client, api, token_for, leader, tambov):
    # Uploaded, but the worker that had the reading stopped: nothing moved for an hour.
    member_import = importing.import_create(
        actor=leader, association=tambov, file_name="a.csv", content=csv_bytes(MESSY)
    )
    token = token_for(leader)
    refused = api.post(f"/people/imports/{member_import.pk}/restart", token=token)
    assert refused.status_code == 422
    assert MemberImport.objects.get().status == "reading"
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    MemberImport.objects.filter(pk=member_import.pk).update(progress_at=an_hour_ago)
    client.force_login(leader)
    page = client.get(f"/people/imports/{member_import.pk}/")
    assert "Работа над загрузкой прервалась: с " in page.text
    assert 'id="restart">Перезапустить</button>' in page.text
    assert "hx-trigger" not in page.text and 'http-equiv="refresh"' not in page.text
    body = api.get(f"/people/imports/{member_import.pk}", token=token).json()
    assert (body["status"], body["stalled"]) == ("reading", True)
    with run_tasks():
        response = client.post(f"/people/imports/{member_import.pk}/restart/")
    assert response.status_code == 302
    member_import.refresh_from_db()
    assert (member_import.status, member_import.total, member_import.is_stalled) == (
        "preview",
        7,
        False,
    )
    assert AuditEntry.objects.filter(comment="работа над загрузкой перезапущена").count() == 1


@pytest.mark.django_db
def test_the_mapping_through_the_api(api, token_for, leader, tambov):
    rows = [["Участник", "Когда родился"], ["Иванов Иван", "01.01.1970"]]
    member_import = imported(leader, tambov, csv_bytes(rows))
    assert (member_import.status, member_import.mapping) == ("preview", {"0": "full_name", "1": ""})
    outsider = api.post(
        f"/people/imports/{member_import.pk}/mapping",
        {"mapping": {"0": "full_name", "1": "birth_date"}},
        token=token_for(_other_leader()),
    )
    assert outsider.status_code == 404
    assert MemberImport.objects.get().mapping == {"0": "full_name", "1": ""}
    bad = api.post(
        f"/people/imports/{member_import.pk}/mapping",
        {"mapping": {"0": "phone", "1": "phone"}},
        token=token_for(leader),
    )
    assert bad.status_code == 422
    with run_tasks():
        response = api.post(
            f"/people/imports/{member_import.pk}/mapping",
            {"mapping": {"0": "full_name", "1": "birth_date"}, "save": True},
            token=token_for(leader),
        )
        assert response.status_code == 202
        assert response.json()["status"] == "reading"
        assert response["Location"] == f"/api/v1/people/imports/{member_import.pk}"
    body = api.get(f"/people/imports/{member_import.pk}", token=token_for(leader)).json()
    assert (body["status"], body["mapping"]) == ("preview", {"0": "full_name", "1": "birth_date"})
    assert ImportRow.objects.get().data["birth_date"] == "1970-01-01"
    assert AuditEntry.objects.filter(comment="сопоставление столбцов").count() == 1


def _other_leader():
    from tests.accounts.factories import UserFactory

    return UserFactory(role="leader")


@pytest.mark.django_db
def test_rows_are_applied_in_batches_with_the_outcome_of_one(leader, tambov):
    # The last row, in the second batch, has the name of the first with another phone:
    # as when all rows are matched at once, it is a new person, not the one the first
    # batch has just created.
    rows = _many(importing.BATCH)
    rows.append([rows[1][0], "", "8 903 000-00-01"])
    done = committed(leader, imported(leader, tambov, csv_bytes(rows)))
    assert (done.status, done.created, done.matched, done.errors) == (
        "done",
        importing.BATCH + 1,
        0,
        0,
    )
    assert Person.objects.filter(last_name="Участников", first_name="Участник0").count() == 2
    assert ImportRow.objects.filter(outcome="created").count() == importing.BATCH + 1
    assert undone(leader, done).status == "undone"
    assert Person.objects.count() == 0
