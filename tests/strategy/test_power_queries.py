"""Powers are loaded once per request: a list that asks about each object's permission
costs the same number of queries for 5 objects as for 20."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from zemlyaki.governance.services import member_remove, power_grant
from zemlyaki.strategy import services

pytestmark = pytest.mark.django_db


def _dashboard_queries(client, document):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/strategy/{document.pk}/")
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_dashboard_of_many_sections_costs_no_more_queries_for_a_body_member(world):
    # The editorial group may edit every section of this document, not only section 2.
    power_grant(
        actor=None,
        body=world.editorial,
        code="strategy.edit_section",
        scope_type="strategy.document",
        scope_id=str(world.document.pk),
    )
    client = Client()
    client.force_login(world.editor)
    client.get(f"/strategy/{world.document.pk}/")  # warm the session
    for n in range(len(world.sections), 5):
        services.section_create(actor=None, document=world.document, title=f"Раздел {n}")
    assert world.document.sections.count() == 6
    small, html = _dashboard_queries(client, world.document)
    assert html.count('class="edit-section"') == 6
    for n in range(6, 20):
        services.section_create(actor=None, document=world.document, title=f"Раздел {n}")
    large, html = _dashboard_queries(client, world.document)
    assert html.count('class="edit-section"') == 20
    assert large == small


def test_powers_follow_the_governance_services_on_the_same_user_object(world):
    from zemlyaki.governance.models import BodyMember

    section = world.sections[1]
    assert world.editor.has_perm("strategy.draft_section", section)
    member = BodyMember.objects.get(body=world.editorial, person__user=world.editor)
    member_remove(actor=None, member=member)
    assert not world.editor.has_perm("strategy.draft_section", section)
