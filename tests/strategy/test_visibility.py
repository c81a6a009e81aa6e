"""One visibility rule: the people of the strategy work (coordinator, administrator,
members of a working body, owners of a section) read every document and section; the
others read approved documents only (on their public page) and no section."""

import pytest
from django.test import Client

from tests.support.visibility import assert_agrees
from zemlyaki.strategy.models import Document, DocumentStatus, Section
from zemlyaki.strategy.selectors import document_list

pytestmark = pytest.mark.django_db


def test_each_role_reads_exactly_its_documents_and_sections(world, role_matrix):
    approved = Document.objects.create(
        title="Концепция сайта", slug="koncepciya", status=DocumentStatus.APPROVED
    )
    users = {**role_matrix, "owner": world.owner, "outsider": world.outsider}
    documents = assert_agrees(Document, users.values())
    sections = assert_agrees(
        Section, users.values(), lambda user, obj: user.has_perm("strategy.view_section", obj)
    )
    every_document = {world.document.pk, approved.pk}
    every_section = set(Section.objects.values_list("pk", flat=True))
    insiders = {"body_member", "coordinator", "administrator", "owner"}
    for role, user in users.items():
        inside = role in insiders
        assert documents[user] == (every_document if inside else {approved.pk}), role
        assert sections[user] == (every_section if inside else set()), role
        assert {d.pk for d in document_list(user=user)} == documents[user], role
        assert user.has_perm("strategy.view_document", world.document) is inside, role
    client = Client()
    client.force_login(world.outsider)
    assert client.get(f"/strategy/{world.document.pk}/").status_code == 404
    client.force_login(world.owner)
    assert client.get(f"/strategy/{world.document.pk}/").status_code == 200
