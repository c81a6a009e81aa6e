import io

import pytest

from zemlyaki.strategy import markup
from zemlyaki.strategy.models import Amendment, Comment, ConflictCopy, Revision, Section

from .factories import TEXT, fresh, write

pytestmark = pytest.mark.django_db


def test_documents_list_shows_drafts_only_to_participants(world, api, token_for):
    assert api.get("/documents").json() == {"count": 0, "items": []}
    assert api.get("/documents", token=token_for(world.outsider)).json()["count"] == 0
    body = api.get("/documents", token=token_for(world.experts[0])).json()
    assert body["count"] == 1
    assert body["items"][0] == {
        "id": world.document.pk,
        "kind": "strategy",
        "title": "Стратегия развития института землячеств",
        "slug": world.document.slug,
        "period": "2024–2032",
        "status": "draft",
        "public_url": None,
    }


def test_document_detail_lists_sections_with_status(world, api, token_for):
    assert api.get(f"/documents/{world.document.pk}").status_code == 404
    response = api.get(f"/documents/{world.document.pk}", token=token_for(world.owner))
    assert response.status_code == 200
    sections = response.json()["sections"]
    assert [(s["number"], s["status"]) for s in sections] == [
        (str(n), "draft") for n in range(1, 7)
    ]
    assert sections[0]["owner"] == "Собственникова Анна"
    assert sections[0]["owner_body"] == "Редакционная группа"
    assert sections[0]["deadline"] == "2030-01-01"
    assert sections[0]["status_name"] == "черновик"


def test_section_get_and_put(world, api, token_for):
    token = token_for(world.owner)
    section = world.section
    got = api.get(f"/sections/{section.pk}", token=token).json()
    assert got == {
        "id": section.pk,
        "number": "1",
        "title": "Анализ развития института землячеств до 2022 года",
        "status": "draft",
        "text": "",
        "revision": section.current_revision_id,
    }
    put = api.put(
        f"/sections/{section.pk}",
        {"text": "Новый текст.", "base_revision": got["revision"], "comment": "первый"},
        token=token,
    )
    assert put.status_code == 200
    revision = Revision.objects.get(section=section, number=2)
    assert put.json()["revision"] == revision.pk
    assert put.json()["text"] == "<p>Новый текст.</p>"
    assert (revision.author, revision.comment) == (world.owner, "первый")


def test_stale_put_answers_409_with_both_texts(world, coordinator, api, token_for):
    section = world.section
    base = section.current_revision_id
    first = api.put(f"/sections/{section.pk}", {"text": "Текст владельца.", "base_revision": base},
                    token=token_for(world.owner))  # fmt: skip
    assert first.status_code == 200
    stale = api.put(f"/sections/{section.pk}", {"text": "Текст координатора.", "base_revision": base},
                    token=token_for(coordinator))  # fmt: skip
    assert stale.status_code == 409
    body = stale.json()
    assert body["current_revision"] == first.json()["revision"]
    assert body["current_text"] == "<p>Текст владельца.</p>"
    assert body["your_text"] == "<p>Текст координатора.</p>"
    assert body["detail"].startswith("Раздел уже изменён другим участником")
    assert fresh(section).text == "<p>Текст владельца.</p>"
    assert ConflictCopy.objects.get(pk=body["conflict_copy"]).text == "<p>Текст координатора.</p>"


def test_put_refused_without_power_and_under_review(world, api, token_for):
    section = world.section
    base = section.current_revision_id
    response = api.put(f"/sections/{section.pk}", {"text": "x", "base_revision": base},
                       token=token_for(world.experts[0]))  # fmt: skip
    assert response.status_code == 403
    write(section, world.owner)
    api.post(f"/sections/{section.pk}/transition", {"to": "review"}, token=token_for(world.owner))
    current = fresh(section).current_revision_id
    response = api.put(f"/sections/{section.pk}", {"text": "x", "base_revision": current},
                       token=token_for(world.owner))  # fmt: skip
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Раздел в статусе «на рассмотрении»: править текст нельзя."
    }
    assert fresh(section).text == markup.clean(TEXT)


def test_put_without_token_is_401(world, api):
    response = api.put(f"/sections/{world.section.pk}", {"text": "x", "base_revision": 1})
    assert response.status_code == 401


def test_comment_mentions_only_people_the_form_offers(world, api, token_for):
    """A person with neither a login nor an address cannot be mentioned (the form does not
    offer them, and nothing could reach them); the refusal adds no comment."""
    from .factories import make_person

    write(world.section, world.owner)
    silent = make_person("Безадресная")
    response = api.post(
        f"/sections/{world.section.pk}/comments",
        {"text": "Посмотрите.", "mentions": [silent.pk]},
        token=token_for(world.experts[0]),
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "mentions"
    assert Comment.objects.count() == 0


def test_comment_and_amendment_through_the_api(world, api, token_for):
    write(world.section, world.owner)
    token = token_for(world.experts[0])
    response = api.post(
        f"/sections/{world.section.pk}/comments",
        {"text": "Где данные за 1990-е?", "paragraph": 0, "mentions": [world.owner_person.pk]},
        token=token,
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["paragraph"], body["quote"], body["mentions"]) == (
        0,
        "Первый абзац раздела о землячествах.",
        [world.owner_person.pk],
    )
    reply = api.post(
        f"/sections/{world.section.pk}/comments",
        {"text": "Добавлю.", "parent": body["id"]},
        token=token_for(world.owner),
    )
    assert reply.status_code == 201 and reply.json()["parent"] == body["id"]

    amendment = api.post(
        f"/sections/{world.section.pk}/amendments",
        {"paragraph": 2, "proposed": "Третий абзац, уточнённый.", "justification": "Точность."},
        token=token,
    )
    assert amendment.status_code == 201
    assert amendment.json()["original"] == "Третий абзац с таблицей ниже."
    owner_amendment = api.post(
        f"/sections/{world.section.pk}/amendments",
        {"paragraph": 2, "proposed": "Иначе.", "justification": "Так."},
        token=token_for(world.owner),
    )
    assert owner_amendment.status_code == 403
    accepted = api.post(
        f"/amendments/{amendment.json()['id']}/accept", token=token_for(world.owner)
    )
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"
    assert "Третий абзац, уточнённый." in fresh(world.section).text
    assert Comment.objects.count() == 2 and Amendment.objects.count() == 1


def test_invalid_input_is_422_with_russian_messages(world, api, token_for):
    write(world.section, world.owner)
    token = token_for(world.experts[0])
    response = api.post(f"/sections/{world.section.pk}/amendments",
                        {"paragraph": 40, "proposed": "x", "justification": "y"}, token=token)  # fmt: skip
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["body", "paragraph"], "field": "paragraph",
         "msg": "В разделе нет абзаца с таким номером.", "type": "value_error"}
    ]  # fmt: skip
    response = api.post(f"/sections/{world.section.pk}/transition", {"to": "finished"},
                        token=token_for(world.manager))  # fmt: skip
    assert response.status_code == 422
    assert Amendment.objects.count() == 0


def test_export_endpoints(world, api, token_for):
    import docx

    write(world.section, world.owner, "Раздел с органами.\n\n{{ table:bodies }}\n")
    response = api.get(f"/documents/{world.document.pk}/export.docx", token=token_for(world.owner))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    document = docx.Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "1. Анализ развития института землячеств до\u00a02022\u00a0года"
    pdf = api.get(f"/documents/{world.document.pk}/export.pdf", token=token_for(world.owner))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert api.get(f"/documents/{world.document.pk}/export.pdf").status_code == 404
    assert Section.objects.filter(status="draft").count() == 6
