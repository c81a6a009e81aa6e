"""The whole path: an owner drafts, submits; an expert comments and proposes an amendment;
the owner accepts it; the council records positions and the section is agreed; a general
meeting approves the document; its DOCX and PDF are published."""

import io

import pytest
from django.test import Client

from zemlyaki.strategy import services
from zemlyaki.strategy.models import Amendment, Comment, DocumentVersion, Revision

from .factories import TEXT, agree, fresh, write


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_from_draft_to_published_document(
    world, decision, api, token_for, smtp, django_capture_on_commit_callbacks
):
    section = world.section
    owner = _client(world.owner)

    # the owner drafts in the editor and submits for the council's review
    page = owner.get(f"/strategy/sections/{section.pk}/edit/")
    assert page.status_code == 200
    response = owner.post(
        f"/strategy/sections/{section.pk}/edit/",
        {"text": TEXT, "comment": "Первая редакция", "base_revision": section.current_revision_id},
    )
    assert response.status_code == 302
    assert fresh(section).current_revision.comment == "Первая редакция"
    response = owner.post(
        f"/strategy/sections/{section.pk}/transition/", {"to": "review", "deadline": ""}
    )
    assert response.status_code == 302 and fresh(section).status == "review"

    # an expert comments (API), mentioning the owner, and proposes an amendment (page)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            f"/sections/{section.pk}/comments",
            {"text": "Добавьте Москву.", "paragraph": 1, "mentions": [world.owner_person.pk]},
            token=token_for(world.experts[0]),
        )
    assert response.status_code == 201
    assert [m["To"] for m in smtp] == ["owner@example.org"]
    expert = _client(world.experts[0])
    response = expert.post(
        f"/strategy/sections/{section.pk}/amendments/",
        {"paragraph": 1, "proposed": "Второй абзац: землячества помогают родным краям и Москве.",
         "justification": "Москва — регион-поприще."},
    )  # fmt: skip
    assert response.status_code == 302
    amendment = Amendment.objects.get()

    # the owner sees both on the section page and accepts the amendment
    page = owner.get(f"/strategy/sections/{section.pk}/")
    assert "Добавьте Москву." in page.content.decode()
    assert "Москва — регион-поприще." in page.content.decode()
    response = owner.post(f"/strategy/amendments/{amendment.pk}/accept/")
    assert response.status_code == 302
    amendment.refresh_from_db()
    assert amendment.status == "accepted"
    assert Revision.objects.get(amendment=amendment).comment == f"Принята поправка №{amendment.pk}"
    assert "родным краям и Москве." in fresh(section).text
    owner.post(f"/strategy/comments/{Comment.objects.get().pk}/resolve/")
    assert Comment.objects.get().resolved_at is not None

    # the council records positions; the working group declares the section agreed
    for index, stance in enumerate(["agree", "agree_remarks"]):
        response = _client(world.experts[index]).post(
            f"/strategy/sections/{section.pk}/positions/",
            {"stance": stance, "text": "Учесть сроки."},
        )
        assert response.status_code == 302
    response = _client(world.manager).post(
        f"/strategy/sections/{section.pk}/transition/", {"to": "agreed"}
    )
    assert response.status_code == 302 and fresh(section).status == "agreed"

    # the other sections go the same way
    for other in world.sections[1:]:
        write(other, world.manager if other != world.sections[1] else world.editor)
        agree(world, other)

    # the dashboard shows the state of the whole document
    dashboard = _client(world.manager).get(f"/strategy/{world.document.pk}/").content.decode()
    assert dashboard.count("согласован") >= 6

    # a general meeting approves it; DOCX and PDF are published at a stable address
    with django_capture_on_commit_callbacks(execute=True):
        version = services.document_approve(
            document=world.document, actor=world.manager, decision=decision
        )
    version = DocumentVersion.objects.get(pk=version.pk)
    assert version.docx_file and version.pdf_file
    guest = Client()
    public = guest.get(f"/documents/{world.document.slug}/")
    assert public.status_code == 200
    html = public.content.decode()
    assert "Утверждён: Решение общего собрания №1" in html
    assert "родным краям и Москве." in html
    docx_response = guest.get(f"/documents/{world.document.slug}/document.docx")
    assert docx_response.status_code == 200
    import docx

    word = docx.Document(io.BytesIO(b"".join(docx_response.streaming_content)))
    assert [p.text for p in word.paragraphs if p.style.name == "Heading 1"][0] == (
        "1. Анализ развития института землячеств до\u00a02022\u00a0года"
    )
    pdf_response = guest.get(f"/documents/{world.document.slug}/document.pdf")
    assert b"".join(pdf_response.streaming_content).startswith(b"%PDF")
    listing = api.get("/documents").json()
    assert listing["items"][0]["public_url"] == f"/documents/{world.document.slug}/"


@pytest.mark.django_db
def test_drafts_stay_internal(world):
    guest = Client()
    assert guest.get(f"/documents/{world.document.slug}/").status_code == 404
    assert guest.get(f"/documents/{world.document.slug}/document.pdf").status_code == 404
    assert guest.get(f"/strategy/{world.document.pk}/").status_code == 302  # to the login
    assert _client(world.outsider).get(f"/strategy/{world.document.pk}/").status_code == 404
    assert (
        _client(world.outsider).get(f"/strategy/{world.document.pk}/export.pdf").status_code == 404
    )


@pytest.mark.django_db
def test_general_meeting_decision_approves_through_the_events_app(world, coordinator):
    """The events app calls ``document_approve`` when an adopted decision approves a document;
    a refusal of the strategy workflow refuses the decision with its reason."""
    import datetime

    from django.core.exceptions import ValidationError
    from django.utils import timezone

    events = pytest.importorskip("zemlyaki.events.services")

    meeting = events.event_create(
        actor=coordinator,
        kind="general_meeting",
        title="Общее собрание землячеств",
        starts_at=timezone.now() + datetime.timedelta(days=1),
        organiser=world.council,
    )

    def decide():
        return events.decision_record(
            actor=coordinator, event=meeting, text="Утвердить стратегию.", present=3,
            votes_for=3, effect="approve_document", target_type="strategy.document",
            target_id=str(world.document.pk),
        )  # fmt: skip

    with pytest.raises(ValidationError) as caught:
        decide()
    assert "Не согласованы разделы" in str(caught.value)
    assert DocumentVersion.objects.count() == 0
    for section in world.sections:
        write(section, world.manager)
        agree(world, section)
    decision = decide()
    version = DocumentVersion.objects.get()
    assert (version.decision_type, version.decision_id) == ("events.decision", str(decision.pk))
    world.document.refresh_from_db()
    assert world.document.status == "approved"
