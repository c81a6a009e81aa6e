"""Uploads are served through the owning app's check: those allowed get the file with
safe headers, everyone else a 404 (missing and forbidden look alike)."""

from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from tests.accounts.factories import UserFactory
from tests.events.factories import make_event
from tests.registry.factories import make_association
from zemlyaki.events.services import material_add
from zemlyaki.people import importing
from zemlyaki.reports.services import Upload, report_create

PLAN = "Предлагаемый план\n1. Сформировать рабочую группу\n".encode()


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def _material(event, name="plan.txt", title="План круглого стола"):
    return material_add(
        actor=None,
        event=event,
        title=title,
        phase="before",
        file=ContentFile(PLAN, name=name),
    )


@pytest.fixture
def closed_event(db):
    return make_event(title="Закрытое заседание", is_public=False)


@pytest.mark.django_db
def test_material_of_a_public_event_downloads_for_anyone_with_safe_headers(client):
    material = _material(make_event())
    url = material.file.url
    assert url == f"/media/{material.file.name}"
    response = client.get(url)
    assert response.status_code == 200
    assert _body(response) == PLAN
    assert response["Content-Type"] == "text/plain"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%D0%9F%D0%BB%D0%B0%D0%BD%20%D0%BA%D1%80%D1%83%D0%B3"
        "%D0%BB%D0%BE%D0%B3%D0%BE%20%D1%81%D1%82%D0%BE%D0%BB%D0%B0.txt"
    )
    assert response["Cache-Control"] == "private, no-cache"


@pytest.mark.django_db
def test_material_of_a_closed_event_is_404_for_anonymous_and_200_for_a_member(
    client, member, closed_event
):
    material = _material(closed_event)
    assert client.get(material.file.url).status_code == 404
    client.force_login(member)
    response = client.get(material.file.url)
    assert response.status_code == 200
    assert _body(response) == PLAN


@pytest.mark.django_db
def test_preparation_page_links_the_material_and_the_link_downloads(client):
    event = make_event()
    material = _material(event)
    page = client.get(f"/events/{event.pk}/preparation/")
    assert f'href="/media/{material.file.name}"' in page.text
    assert client.get(f"/media/{material.file.name}").status_code == 200


@pytest.mark.django_db
def test_file_nobody_claims_or_that_is_missing_is_404(client, coordinator, settings):
    stray = settings.MEDIA_ROOT / "secret.txt"
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"secret")
    material = _material(make_event())
    material.file.storage.delete(material.file.name)
    client.force_login(coordinator)
    assert client.get("/media/secret.txt").status_code == 404
    assert client.get("/media/events/materials/none.txt").status_code == 404
    assert client.get(f"/media/{material.file.name}").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/media/events/materials/../../secret.txt", "/media/events/materials/%2e%2e/x", "/media//x"],
)
def test_paths_leaving_the_media_root_are_404(client, coordinator, settings, path):
    (settings.MEDIA_ROOT / "events").mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "secret.txt").write_bytes(b"secret")
    client.force_login(coordinator)
    assert client.get(path).status_code == 404


@pytest.fixture
def tambov(db):
    return make_association("Тамбовское землячество", ["68"])


@pytest.fixture
def report(tambov):
    return report_create(
        actor=None,
        association=tambov,
        year_from=2005,
        upload=Upload(name="отчёт-2005.txt", data="Годовой отчёт землячества".encode()),
        process=False,
    )


@pytest.mark.django_db
def test_annual_report_file_for_its_readers_only(client, coordinator, member, leader, report):
    url = report.file.url
    assert client.get(url).status_code == 404
    for outsider in (member, leader):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        assert client.get(f"/reports/{report.pk}/file/").status_code == 404
    client.force_login(coordinator)
    response = client.get(url)
    assert response.status_code == 200
    assert _body(response) == "Годовой отчёт землячества".encode()
    assert "attachment" in response["Content-Disposition"]
    via_page = client.get(f"/reports/{report.pk}/file/")
    assert via_page.status_code == 200
    assert via_page["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_uploaded_member_list_for_the_association_leader_only(client, coordinator, tambov):
    own, other = UserFactory(role="leader"), UserFactory(role="leader")
    tambov.leaders.add(own)
    member_import = importing.import_create(
        actor=coordinator,
        association=tambov,
        file_name="список.csv",
        content="ФИО;Телефон\nИванов Иван;+79990000000\n".encode("cp1251"),
    )
    url = member_import.file.url
    assert client.get(url).status_code == 404
    client.force_login(other)
    assert client.get(url).status_code == 404
    client.force_login(own)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    assert "attachment" in response["Content-Disposition"]


@pytest.mark.django_db
def test_logo_is_public_and_shown_inline(client, tambov):
    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
        b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
        b"\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    tambov.logo.save("tambov.png", ContentFile(png))
    response = Client().get(tambov.logo.url)
    assert response.status_code == 200
    assert _body(response) == png
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert response["Cache-Control"] == "public, max-age=3600"


@pytest.mark.django_db
def test_x_accel_redirect_hands_the_file_to_nginx_after_the_check(client, settings, closed_event):
    settings.ZEMLYAKI_SENDFILE = "x-accel-redirect"
    settings.ZEMLYAKI_SENDFILE_PREFIX = "/protected-media/"
    material = _material(closed_event, name="план.txt")
    assert client.get(material.file.url).status_code == 404
    client.force_login(UserFactory(role="member"))
    response = client.get(material.file.url)
    assert response.status_code == 200
    assert response.content == b""
    assert (
        response["X-Accel-Redirect"]
        == "/protected-media/events/materials/%D0%BF%D0%BB%D0%B0%D0%BD.txt"
    )
    assert response["Content-Type"] == "text/plain"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]


@pytest.mark.django_db
def test_x_sendfile_names_the_path_on_disk(client, settings):
    settings.ZEMLYAKI_SENDFILE = "x-sendfile"
    material = _material(make_event(), name="план.txt")
    response = client.get(material.file.url)
    assert response.status_code == 200
    assert response.content == b""
    assert response["X-Sendfile"] == quote(str(settings.MEDIA_ROOT / material.file.name))
    assert "%D0%BF%D0%BB%D0%B0%D0%BD.txt" in response["X-Sendfile"]


@pytest.mark.django_db
def test_plan_task_result_for_signed_in_readers_of_the_plan(client, member):
    from tests.plan.factories import make_plan, make_task
    from zemlyaki.plan.services import task_add_result

    task = make_task(make_plan("План"), "1", "Собрать отчёты")
    result = task_add_result(
        actor=None, task=task, title="Сводка", file=ContentFile(b"%PDF-1.4", name="svodka.pdf")
    )
    assert client.get(result.file.url).status_code == 404
    client.force_login(member)
    response = client.get(result.file.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''" + quote("Сводка.pdf")


@pytest.mark.django_db
def test_person_photo_for_those_who_see_the_person_and_gone_after_erasure(
    client, coordinator, member
):
    from tests.people.factories import make_person
    from zemlyaki.people.services import person_erase

    person = make_person("Иванова", "Анна", "")
    person.photo.save("anna.png", ContentFile(b"\x89PNG\r\n\x1a\n"))
    url = person.photo.url
    for reader in (None, member):
        if reader:
            client.force_login(reader)
        assert client.get(url).status_code == 404
    client.force_login(coordinator)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("inline")
    person_erase(actor=coordinator, person=person)
    assert client.get(url).status_code == 404
