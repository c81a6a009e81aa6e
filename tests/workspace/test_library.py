"""The file library: limits, types by content, versions, search, downloads."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from tests.reports.files import bomb_docx_bytes, docx_bytes, image_bytes, pdf_bytes
from zemlyaki.core.errors import Forbidden, Invalid
from zemlyaki.governance.models import BodyMember
from zemlyaki.governance.services import member_remove
from zemlyaki.workspace import library
from zemlyaki.workspace.models import File, FileVersion

pytestmark = pytest.mark.django_db


def upload(data: bytes, name: str) -> ContentFile:
    return ContentFile(data, name=name)


def test_three_versions_restore_first_history_of_four(space, alice, bob):
    file = library.file_upload(
        actor=alice, space=space, upload=upload(b"first", "plan.txt"), title="План"
    )
    library.version_upload(actor=bob, file=file, upload=upload(b"second", "plan.txt"))
    library.version_upload(actor=alice, file=file, upload=upload(b"third", "plan.txt"))
    first = file.versions.get(number=1)
    restored = library.version_restore(actor=bob, version=first)
    history = list(file.versions.order_by("number").values_list("number", "created_by__username"))
    assert history == [(1, "alice"), (2, "bob"), (3, "alice"), (4, "bob")]
    assert restored.restored_from == first and restored.note == "Восстановлена версия 1"
    file.refresh_from_db()
    assert file.current == restored
    with restored.blob.open("rb") as handle:
        assert handle.read() == b"first"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"MZ\x90\x00" + b"\x00" * 200, "report.pdf", "Содержимое файла не соответствует"),
        (image_bytes("картинка", "png"), "report.pdf", "Содержимое файла не соответствует"),
        (b"#!/bin/sh\necho hi\n", "run.sh", "Файлы такого вида не принимаются"),
        (b"", "empty.txt", "Файл пуст."),
    ],
)
def test_refused_files_leave_nothing(space, alice, data, name, message):
    with pytest.raises(Invalid) as error:
        library.file_upload(actor=alice, space=space, upload=upload(data, name))
    assert error.value.field_errors["file"][0].startswith(message)
    assert File.objects.count() == 0 and FileVersion.objects.count() == 0


def test_zip_bomb_refused(space, alice):
    with pytest.raises(Invalid) as error:
        library.file_upload(actor=alice, space=space, upload=upload(bomb_docx_bytes(), "b.docx"))
    assert "архивную бомбу" in error.value.field_errors["file"][0]
    assert File.objects.count() == 0


def test_size_and_quota_limits(space, alice, settings):
    settings.ZEMLYAKI_WORKSPACE_FILE_MAX_BYTES = 100
    with pytest.raises(Invalid) as error:
        library.file_upload(actor=alice, space=space, upload=upload(b"x" * 101, "a.txt"))
    assert error.value.field_errors["file"][0].startswith("Файл больше допустимого")
    settings.ZEMLYAKI_WORKSPACE_QUOTA_BYTES = 150
    library.file_upload(actor=alice, space=space, upload=upload(b"x" * 100, "a.txt"))
    with pytest.raises(Invalid) as error:
        library.file_upload(actor=alice, space=space, upload=upload(b"y" * 60, "b.txt"))
    assert error.value.field_errors["file"][0].startswith("Место пространства исчерпано")
    assert File.objects.count() == 1


def test_outsider_cannot_upload(space, outsider, coordinator):
    for user in (outsider, coordinator):
        with pytest.raises(Forbidden):
            library.file_upload(actor=user, space=space, upload=upload(b"hi", "a.txt"))
    assert File.objects.count() == 0


def test_office_and_pdf_accepted_and_searchable_by_word_forms(space, alice):
    from zemlyaki.core.text import search_q

    library.file_upload(
        actor=alice, space=space, upload=upload(docx_bytes("Стратегия землячеств Москвы"), "s.docx")
    )
    library.file_upload(
        actor=alice, space=space, upload=upload(pdf_bytes("Отчёт о съездах"), "r.pdf")
    )
    assert list(File.objects.filter(search_q("землячество")).values_list("title", flat=True)) == [
        "s.docx"
    ]
    assert list(File.objects.filter(search_q("съезд")).values_list("title", flat=True)) == ["r.pdf"]
    assert set(FileVersion.objects.values_list("content_type", flat=True)) == {
        library.DOCX,
        "application/pdf",
    }


def test_download_only_for_readers_and_kept_after_leaving(space, alice, bob, outsider):
    file = library.file_upload(actor=bob, space=space, upload=upload(b"secret", "a.txt"))
    url = file.current.blob.url
    client = Client()
    client.force_login(alice)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"secret"
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    member_remove(actor=None, member=BodyMember.objects.get(person__user=bob))
    client.force_login(bob)
    assert client.get(url).status_code == 404
    file.refresh_from_db()
    assert file.current.created_by == bob  # the file and its author stay


def test_previews_pdf_page_docx_image_and_text(space, alice, outsider):
    from tests.support.tools import require_program

    require_program("pdftoppm", "poppler-utils")
    pdf = library.file_upload(actor=alice, space=space, upload=upload(pdf_bytes("Отчёт"), "r.pdf"))
    text = library.file_upload(actor=alice, space=space, upload=upload("Привет".encode(), "t.txt"))
    png = library.file_upload(
        actor=alice, space=space, upload=upload(image_bytes("картинка", "png"), "p.png")
    )
    client = Client()
    client.force_login(alice)
    page = client.get(f"/workspace/files/{pdf.pk}/").content.decode()
    preview = f"/workspace/versions/{pdf.current_id}/preview.png"
    assert preview in page
    response = client.get(preview)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert (
        '<pre class="revision">Привет</pre>'
        in client.get(f"/workspace/files/{text.pk}/").content.decode()
    )
    assert png.current.blob.url in client.get(f"/workspace/files/{png.pk}/").content.decode()
    client.force_login(outsider)
    assert client.get(preview).status_code == 404


def test_docx_preview_through_libreoffice(space, alice):
    from tests.support.tools import require_program

    require_program("pdftoppm", "poppler-utils")
    require_program("soffice", "libreoffice-writer-nogui")
    docx = library.file_upload(
        actor=alice, space=space, upload=upload(docx_bytes("Стратегия"), "s.docx")
    )
    client = Client()
    client.force_login(alice)
    response = client.get(f"/workspace/versions/{docx.current_id}/preview.png")
    assert response.status_code == 200
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")
