import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.registry.factories import make_association
from zemlyaki.people import services
from zemlyaki.people.models import AccessLogEntry, CandidateList, Competency, MemberImport, Person
from zemlyaki.registry.services import association_add_leader

from .factories import csv_bytes, imported, make_person, run_tasks
from .test_import import MESSY


@pytest.fixture
def tambov(db, leader):
    association = make_association("Тамбовское землячество", ["68"])
    association_add_leader(actor=None, association=association, user=leader)
    return association


@pytest.mark.django_db
def test_search_page_logs_and_highlights(client, coordinator, tambov):
    make_person("Юристов", "Андрей", "", occupation="юрист", association=tambov)
    make_person("Врачев", "Олег", "", occupation="врач", association=tambov)
    client.force_login(coordinator)
    response = client.get("/people/", {"q": "юристы"})
    assert response.status_code == 200
    assert [p.last_name for p in response.context["page"]] == ["Юристов"]
    assert "<mark>юрист</mark>" in response.text
    assert "Найдено: 1 человек" in response.text
    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.action, entry.query, entry.rows) == (
        coordinator,
        "search",
        {"q": "юристы"},
        1,
    )


@pytest.mark.django_db
def test_search_page_refuses_guests_members_and_administrators(client, member, administrator):
    response = client.get("/people/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(member)
    assert client.get("/people/").status_code == 403
    client.force_login(administrator)
    assert client.get("/people/").status_code == 403
    assert client.get("/people/export.xlsx").status_code == 403
    assert AccessLogEntry.objects.count() == 0


@pytest.mark.django_db
def test_search_page_query_count_is_fixed(
    client, coordinator, tambov, django_assert_num_queries, django_assert_max_num_queries
):
    client.force_login(coordinator)
    for n in range(3):
        make_person(
            f"Юрист{n}",
            "Тест",
            "",
            occupation="юрист",
            competencies=["Нотариат"],
            association=tambov,
        )
    client.get("/people/", {"q": "юрист"})
    with django_assert_max_num_queries(20) as first:
        client.get("/people/", {"q": "юрист"})
    for n in range(3, 12):
        make_person(
            f"Юрист{n}", "Тест", "", occupation="юрист", competencies=["Аудит"], association=tambov
        )
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get("/people/", {"q": "юрист"})
    assert len(response.context["page"]) == 12


@pytest.mark.django_db
def test_export_is_logged_and_reads_back(client, leader, tambov):
    make_person(
        "Юристов",
        "Андрей",
        "",
        occupation="юрист",
        phone="89160000001",
        association=tambov,
        competencies=["Нотариат"],
    )
    make_person("Чужой", "Пётр", "", occupation="юрист")
    client.force_login(leader)
    response = client.get("/people/export.xlsx", {"q": "юрист"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Фамилия", "Имя", "Отчество")
    assert [(r[0], r[4], r[9], r[11]) for r in rows[1:]] == [
        ("Юристов", "+79160000001", "Нотариат", "Тамбовское землячество")
    ]
    entry = AccessLogEntry.objects.get()
    assert (entry.action, entry.rows, entry.user) == ("export", 1, leader)


@pytest.mark.django_db
def test_member_list_for_own_leader_only(client, leader, coordinator, tambov):
    make_person("Бобров", "Иван", "", association=tambov)
    make_person("Абрамов", "Пётр", "", association=tambov)
    other_leader = make_association("Рязанское землячество", ["62"])
    client.force_login(leader)
    response = client.get(f"/associations/{tambov.slug}/members/", {"sort": "-name"})
    assert response.status_code == 200
    assert [m.person.last_name for m in response.context["page"]] == ["Бобров", "Абрамов"]
    assert "2 члена" in response.text
    entry = AccessLogEntry.objects.get()
    assert (entry.action, entry.association, entry.rows, entry.query["sort"]) == (
        "view_list",
        tambov,
        2,
        "-name",
    )
    assert client.get(f"/associations/{other_leader.slug}/members/").status_code == 403
    assert AccessLogEntry.objects.count() == 1


@pytest.mark.django_db
def test_body_member_sees_only_name_and_competencies(client, member):
    from zemlyaki.governance.models import Body, BodyMember

    expert = make_person(
        "Экспертова", "Анна", "", phone="89160000009", competencies=["Аудит"], show_as_expert=True
    )
    hidden = make_person("Скрытов", "Олег", "")
    me = make_person("Органов", "Пётр", "")
    services.person_link_user(actor=None, person=me, user=member)
    BodyMember.objects.create(
        body=Body.objects.create(kind="expert_council", name="Совет"), person=me
    )
    client.force_login(member)
    response = client.get(f"/people/{expert.pk}/")
    assert response.status_code == 200
    assert "Аудит" in response.text and "+79160000009" not in response.text
    assert client.get(f"/people/{hidden.pk}/").status_code == 404
    own = client.get("/people/me/")
    assert own.status_code == 302 and own["Location"] == f"/people/{me.pk}/"


@pytest.mark.django_db
def test_own_profile_edit(client, member):
    me = make_person("Землякова", "Ольга", "")
    services.person_link_user(actor=None, person=me, user=member)
    client.force_login(member)
    law = Competency.objects.get(name="Нотариат")
    response = client.post(
        f"/people/{me.pk}/edit/",
        {
            "last_name": "Землякова",
            "first_name": "Ольга",
            "phone": "12",
            "birth_date": "31.12.1980",
        },
    )
    assert response.status_code == 200
    assert "Неверный номер телефона «12»" in response.text
    response = client.post(
        f"/people/{me.pk}/edit/",
        {"last_name": "Землякова", "first_name": "Ольга", "phone": "8 916 000 00 07", "birth_date": "31.12.1980",
         "competencies": [law.pk], "competencies_extra": "Медиация", "show_as_expert": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    me.refresh_from_db()
    assert me.phone == "+79160000007" and me.show_as_expert
    assert sorted(me.competencies.values_list("name", flat=True)) == ["Медиация", "Нотариат"]


@pytest.mark.django_db
def test_import_wizard_through_pages(client, leader, tambov):
    client.force_login(leader)
    upload = SimpleUploadedFile("список.csv", csv_bytes(MESSY, encoding="cp1251"))
    with run_tasks():
        response = client.post("/people/imports/", {"association": tambov.pk, "file": upload})
        member_import = MemberImport.objects.get()
        detail = f"/people/imports/{member_import.pk}/"
        assert response.status_code == 302 and response["Location"] == detail
        # The upload stored the file and read no row: the reading is a queued task.
        assert (member_import.status, member_import.headers, member_import.rows.count()) == (
            "reading",
            [],
            0,
        )
        page = client.get(detail)
        assert "Файл читается и сверяется с базой. Прочитано строк: 0." in page.text
        assert 'hx-trigger="every 1s"' in page.text
        assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page.text
    preview = client.get(detail)
    assert 'id="count-new">3<' in preview.text and 'id="count-errors">4<' in preview.text
    assert "hx-trigger" not in preview.text and 'http-equiv="refresh"' not in preview.text
    page = client.get(f"/people/imports/{member_import.pk}/mapping/")
    assert page.status_code == 200 and "Фамилия Имя Отчество" in page.text
    member_import.refresh_from_db()
    mapping = {f"col_{k}": v for k, v in member_import.mapping.items()}
    with run_tasks():
        response = client.post(
            f"/people/imports/{member_import.pk}/mapping/", {**mapping, "save_mapping": "on"}
        )
        assert response.status_code == 302
        assert "Файл читается" in client.get(detail).text
    preview = client.get(detail)
    assert 'id="count-new">3<' in preview.text and 'id="count-errors">4<' in preview.text
    refused = client.post(detail, {"on_match": "fill"})
    assert "Без согласий людей их данные загружать нельзя." in refused.text
    assert Person.objects.count() == 0
    with run_tasks():
        client.post(detail, {"on_match": "fill", "consent_confirmed": "on"})
    report = client.get(detail)
    assert 'id="count-created">3<' in report.text
    errors = client.get(f"/people/imports/{member_import.pk}/errors.xlsx")
    assert errors["Content-Disposition"] == (
        f'attachment; filename="import-{member_import.pk}-errors.xlsx"'
    )
    content = b"".join(errors.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    assert len(list(sheet.iter_rows(values_only=True))) == 5
    with run_tasks():
        client.post(f"/people/imports/{member_import.pk}/undo/")
    assert Person.objects.count() == 0


@pytest.mark.django_db
def test_import_of_another_association_is_hidden(client, leader, tambov):
    other = make_association("Рязанское землячество", ["62"])
    client.force_login(leader)
    response = client.post(
        "/people/imports/",
        {"association": other.pk, "file": SimpleUploadedFile("a.csv", csv_bytes(MESSY))},
    )
    assert response.status_code == 200 and "association" in response.context["form"].errors
    assert MemberImport.objects.count() == 0


@pytest.mark.django_db
def test_vocabulary_editor_and_candidates(client, coordinator, leader):
    client.force_login(leader)
    assert client.get("/people/vocabulary/competencies/").status_code == 403
    client.force_login(coordinator)
    response = client.get("/people/vocabulary/competencies/")
    assert response.status_code == 200 and "Корпоративное право" in response.text
    law = Competency.objects.get(name="Право", parent=None)
    client.post(
        "/people/vocabulary/competencies/",
        {"name": "Медиация", "parent": law.pk, "synonyms": "медиатор"},
    )
    assert Competency.objects.get(name="Медиация").parent == law
    person = make_person(competencies=["Посредничество"])
    free = Competency.objects.get(name="Посредничество")
    client.post(
        f"/people/vocabulary/competencies/{free.pk}/merge/",
        {"target": Competency.objects.get(name="Медиация").pk},
    )
    assert list(person.competencies.values_list("name", flat=True)) == ["Медиация"]
    client.post("/people/candidates/", {"name": "Расширенный экспертный совет"})
    candidate_list = CandidateList.objects.get()
    client.post(
        "/people/candidates/add/",
        {"candidate_list": candidate_list.pk, "person": [person.pk], "note": "юрист"},
    )
    assert list(candidate_list.entries.values_list("person", "note")) == [(person.pk, "юрист")]


@pytest.mark.django_db
def test_progress_partial_polls_while_the_import_runs(client, leader, tambov):
    member_import = imported(leader, tambov, csv_bytes(MESSY), file_name="a.csv")
    MemberImport.objects.filter(pk=member_import.pk).update(status="running", processed=3)
    client.force_login(leader)
    response = client.get(f"/people/imports/{member_import.pk}/progress/", HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 1s"' in response.text and "3 из 7" in response.text
    assert "HX-Refresh" not in response
    MemberImport.objects.filter(pk=member_import.pk).update(status="done")
    response = client.get(f"/people/imports/{member_import.pk}/progress/", HTTP_HX_REQUEST="true")
    assert response["HX-Refresh"] == "true"


@pytest.mark.django_db
def test_leader_records_consent_and_initiative_and_coordinator_reads_the_log(
    client, leader, coordinator, tambov
):
    person = make_person("Бобров", "Иван", "", association=tambov)
    client.force_login(leader)
    client.post(
        f"/people/{person.pk}/consents/",
        {"purpose": "экспертный совет", "form": "online", "given_on": "01.11.2026"},
    )
    assert list(person.consents.order_by("pk").values_list("form", flat=True)) == [
        "paper",
        "online",
    ]
    client.post(
        f"/people/{person.pk}/initiative/", {"is_initiative": "on", "initiative_reason": ""}
    )
    person.refresh_from_db()
    assert person.is_initiative is False
    client.post(
        f"/people/{person.pk}/initiative/",
        {"is_initiative": "on", "initiative_reason": "Субботник"},
    )
    person.refresh_from_db()
    assert person.is_initiative is True and person.initiative_marked_by == leader
    page = client.get(f"/people/{person.pk}/")
    assert "Субботник" in page.text and "01.11.2026" in page.text
    assert client.get("/people/access-log/").status_code == 403
    client.force_login(coordinator)
    log = client.get("/people/access-log/")
    assert log.status_code == 200
    assert [e.action for e in log.context["page"]] == ["view_person"]


@pytest.mark.django_db
def test_search_page_says_more_than_the_cap(client, coordinator, tambov, monkeypatch):
    from zemlyaki.people import search

    for n in range(4):
        make_person(f"Юрист{n}", "Тест", "", occupation="юрист", association=tambov)
    client.force_login(coordinator)
    monkeypatch.setattr(search, "SEARCH_COUNT_LIMIT", 3)
    response = client.get("/people/", {"q": "юрист"})
    assert response.status_code == 200
    assert "Найдено: более 3 человек" in response.text
    assert [p.last_name for p in response.context["page"]] == [f"Юрист{n}" for n in range(4)]
    assert AccessLogEntry.objects.get().rows == 3
    monkeypatch.setattr(search, "SEARCH_COUNT_LIMIT", 4)
    response = client.get("/people/", {"q": "юрист"})
    assert "Найдено: 4 человека" in response.text
