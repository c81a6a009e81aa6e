"""The API operations that do what the document, section and outline pages do: the same
services, rights, audit records and refusals."""

import pytest

from tests.support.audit import audit_trail
from zemlyaki.core.models import AuditEntry
from zemlyaki.strategy import services
from zemlyaki.strategy.models import Amendment, Comment, Document, Revision

from .factories import fresh, write

pytestmark = pytest.mark.django_db


def test_coordinator_creates_a_strategy_with_its_six_sections(api, coordinator, token_for):
    response = api.post(
        "/documents",
        {"title": "Стратегия 2040", "period_from": 2030, "period_to": 2040},
        token=token_for(coordinator),
    )
    assert response.status_code == 201
    document = Document.objects.get()
    assert (response.json()["title"], response.json()["kind"], response.json()["status"]) == (
        "Стратегия 2040",
        "strategy",
        "draft",
    )
    assert len(response.json()["sections"]) == 6
    assert audit_trail(document) == [("create", "coord")]


def test_document_creation_refused_and_invalid(api, member, coordinator, token_for):
    refused = api.post("/documents", {"title": "Чужая"}, token=token_for(member))
    assert refused.status_code == 403
    invalid = api.post(
        "/documents", {"title": "Стратегия", "kind": "poem"}, token=token_for(coordinator)
    )
    assert invalid.status_code == 422
    assert [(d["field"], d["msg"]) for d in invalid.json()["detail"]] == [
        ("kind", "Значения 'poem' нет среди допустимых вариантов.")
    ]
    no_body = api.post(
        "/documents", {"title": "Стратегия", "reviewing_body": 99999}, token=token_for(coordinator)
    )
    assert no_body.status_code == 422
    assert no_body.json()["detail"][0]["field"] == "reviewing_body"
    assert Document.objects.count() == 0
    assert AuditEntry.objects.filter(object_type="strategy.document").count() == 0


def test_document_change(world, api, coordinator, token_for):
    path = f"/documents/{world.document.pk}"
    refused = api.patch(path, {"title": "Иначе"}, token=token_for(world.owner))
    assert refused.status_code == 403
    invalid = api.patch(path, {"period_from": 1800}, token=token_for(coordinator))
    assert invalid.status_code == 422
    assert invalid.json()["detail"][0]["field"] == "period_from"
    assert fresh(world.section).document.title == "Стратегия развития института землячеств"
    before = len(audit_trail(world.document))
    changed = api.patch(path, {"title": "Стратегия-2032"}, token=token_for(coordinator))
    assert changed.status_code == 200
    assert changed.json()["title"] == "Стратегия-2032"
    assert audit_trail(world.document)[-1] == ("update", "coord")
    assert len(audit_trail(world.document)) == before + 1


def test_section_settings(world, api, coordinator, token_for):
    path = f"/sections/{world.section.pk}/settings"
    refused = api.patch(path, {"deadline": "2031-05-01"}, token=token_for(world.owner))
    assert refused.status_code == 403
    invalid = api.patch(path, {"owner_body": 99999}, token=token_for(coordinator))
    assert invalid.status_code == 422
    assert [(d["field"], d["msg"]) for d in invalid.json()["detail"]] == [
        ("owner_body", "Не найдено: 99999.")
    ]
    assert str(fresh(world.section).deadline) == "2030-01-01"
    changed = api.patch(
        path,
        {"deadline": "2031-05-01", "owner_body": world.working.pk},
        token=token_for(coordinator),
    )
    assert changed.status_code == 200
    assert (changed.json()["deadline"], changed.json()["owner_body"]) == (
        "2031-05-01",
        world.working.pk,
    )
    assert changed.json()["owner"] == world.owner_person.pk
    assert audit_trail(world.section)[-1] == ("update", "coord")


def test_revision_restore(world, api, token_for):
    write(world.section, world.owner, "Первая редакция.")
    write(world.section, world.owner, "Вторая редакция.")
    current = fresh(world.section).current_revision_id
    path = f"/sections/{world.section.pk}/revisions/2/restore"  # 1 is the empty start
    refused = api.post(path, {"base_revision": current}, token=token_for(world.outsider))
    assert refused.status_code == 404
    stale = api.post(path, {"base_revision": current - 1}, token=token_for(world.owner))
    assert stale.status_code == 409
    assert stale.json()["current_text"] == "<p>Вторая редакция.</p>"
    missing = api.post(
        f"/sections/{world.section.pk}/revisions/9/restore",
        {"base_revision": current},
        token=token_for(world.owner),
    )
    assert missing.status_code == 404
    restored = api.post(path, {"base_revision": current}, token=token_for(world.owner))
    assert restored.status_code == 200
    section = fresh(world.section)
    assert restored.json()["text"] == section.text == "<p>Первая редакция.</p>"
    assert Revision.objects.filter(section=section).count() == 4
    entry = AuditEntry.objects.filter(
        object_type="strategy.section", object_id=str(section.pk)
    ).first()
    assert (entry.action, entry.actor, entry.after) == ("update", world.owner, {"revision": 4})


def test_comment_resolve(world, api, token_for):
    write(world.section, world.owner)
    comment = services.comment_create(
        actor=world.experts[0], section=fresh(world.section), text="Где данные?"
    )
    path = f"/comments/{comment.pk}/resolve"
    assert api.post(path, token=token_for(world.experts[1])).status_code == 403
    assert Comment.objects.get().resolved_at is None
    resolved = api.post(path, token=token_for(world.owner))
    assert resolved.status_code == 200 and resolved.json()["resolved"] is True
    assert audit_trail(comment)[-1] == ("update", "owner")
    again = api.post(path, token=token_for(world.owner))
    assert again.status_code == 409
    assert again.json() == {"detail": "Замечание уже снято."}


def test_amendment_merge(world, api, token_for):
    write(world.section, world.owner)
    amendment = services.amendment_create(
        actor=world.experts[0],
        section=fresh(world.section),
        paragraph=2,
        proposed="Третий абзац, уточнённый.",
        justification="Точность.",
    )
    base = fresh(world.section).current_revision_id
    path = f"/amendments/{amendment.pk}/merge"
    body = {"text": "Текст с учётом поправки.", "base_revision": base}
    assert api.post(path, body, token=token_for(world.experts[0])).status_code == 403
    assert Amendment.objects.get().status == "pending"
    no_base = api.post(path, {"text": "x"}, token=token_for(world.owner))
    assert no_base.status_code == 422
    assert no_base.json()["detail"][0]["field"] == "base_revision"
    merged = api.post(path, body, token=token_for(world.owner))
    assert merged.status_code == 200
    assert merged.json()["status"] == Amendment.objects.get().status
    assert fresh(world.section).text == "<p>Текст с учётом поправки.</p>"
    assert audit_trail(amendment)[-1][1] == "owner"


def test_section_move(world, api, coordinator, token_for):
    second = world.sections[1]
    path = f"/outline/sections/{second.pk}/move"
    assert api.post(path, {"direction": "up"}, token=token_for(world.owner)).status_code == 403
    invalid = api.post(path, {"direction": "left"}, token=token_for(coordinator))
    assert invalid.status_code == 422
    assert invalid.json()["detail"][0]["field"] == "direction"
    assert list(world.document.sections.order_by("order"))[:2] == world.sections[:2]
    moved = api.post(path, {"direction": "up"}, token=token_for(coordinator))
    assert moved.status_code == 200
    assert [row["id"] for row in moved.json()][:2] == [second.pk, world.section.pk]
    entry = AuditEntry.objects.filter(object_type="strategy.document").first()
    assert (entry.action, entry.actor, entry.comment) == (
        "update",
        coordinator,
        "Изменён порядок разделов",
    )


def test_document_kind_described_by_the_values_the_api_takes(client):
    """The description names every value of the kind, as sent (``site_concept``), and
    nothing else that looks like one."""
    import re

    from zemlyaki.strategy.models import DocumentKind

    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["DocumentIn"]
    described = schema["properties"]["kind"]["description"]
    assert re.findall(r"\b[a-z_]+\b", described) == list(DocumentKind.values)
    for value in DocumentKind.values:
        assert f"{value} — {DocumentKind(value).label}" in described
