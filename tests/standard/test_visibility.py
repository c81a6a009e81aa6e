"""One visibility rule: a self-assessment is read by the coordinator, the administrator,
the control body (power ``standard.review`` unscoped or for that association) and the
leaders of its association; the list page, the API and the object permission agree."""

import pytest
from django.test import Client

from tests.governance.factories import body_user, make_body
from tests.registry.factories import make_association
from tests.standard.factories import make_version, open_year
from tests.support.visibility import assert_agrees
from zemlyaki.governance.services import power_grant
from zemlyaki.standard.models import Assessment
from zemlyaki.standard.services import assessment_start

pytestmark = pytest.mark.django_db


def test_each_role_reads_exactly_its_assessments(role_matrix, api, token_for):
    make_version()
    campaign = open_year()
    tambov = make_association()
    ryazan = make_association("Рязанское землячество", codes=("62",))
    tambov.leaders.add(role_matrix["leader"])
    own = assessment_start(actor=None, association=tambov, year=campaign.year)
    other = assessment_start(actor=None, association=ryazan, year=campaign.year)
    control = make_body(name="Контрольная комиссия", powers=["standard.review"])
    scoped = make_body(name="Комиссия по Рязани")
    power_grant(
        actor=None,
        body=scoped,
        code="standard.review",
        scope_type="registry.association",
        scope_id=str(ryazan.pk),
    )
    users = {
        **role_matrix,
        "reviewer": body_user(control, username="reviewer"),
        "ryazan_reviewer": body_user(scoped, username="ryazan-reviewer"),
    }
    seen = assert_agrees(
        Assessment,
        users.values(),
        lambda user, obj: user.has_perm("standard.view_assessment", obj),
    )
    both = {own.pk, other.pk}
    expected = {
        "guest": set(),
        "member": set(),
        "body_member": set(),
        "leader": {own.pk},
        "coordinator": both,
        "administrator": both,
        "reviewer": both,
        "ryazan_reviewer": {other.pk},
    }
    for role, user in users.items():
        assert seen[user] == expected[role], role
    response = api.get("/assessments", token=token_for(users["ryazan_reviewer"]))
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [other.pk]
    client = Client()
    client.force_login(users["leader"])
    assert client.get(f"/standard/assessments/{own.pk}/").status_code == 200
    assert client.get(f"/standard/assessments/{other.pk}/").status_code == 404


def _list_queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get("/standard/assessments/")
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_list_page_of_a_body_member_costs_the_same_for_5_and_20_assessments():
    """Powers are loaded once per request: the reviewer's list of 20 assessments, each of
    an association their body reviews, asks the database as often as the list of 5."""
    make_version()
    campaign = open_year()
    body = make_body(name="Комиссия по землячествам")
    reviewer = body_user(body, username="reviewer")
    client = Client()
    client.force_login(reviewer)

    def add(n):
        association = make_association(f"Землячество № {n}", codes=("62",))
        power_grant(
            actor=None,
            body=body,
            code="standard.review",
            scope_type="registry.association",
            scope_id=str(association.pk),
        )
        assessment_start(actor=None, association=association, year=campaign.year)

    for n in range(5):
        add(n)
    client.get("/standard/assessments/")  # warm the session
    small, html = _list_queries(client)
    assert html.count("Землячество № ") == 5
    for n in range(5, 20):
        add(n)
    large, html = _list_queries(client)
    assert html.count("Землячество № ") == 20
    assert large == small
