"""One visibility rule: the coordinator and the administrator read every report, a
leader those of the associations they lead, members and guests none; the archive list,
the search and the report page agree."""

import pytest
from django.test import Client

from tests.support.visibility import assert_agrees
from zemlyaki.reports.models import AnnualReport
from zemlyaki.reports.selectors import report_list
from zemlyaki.reports.services import report_create

pytestmark = pytest.mark.django_db


def test_each_role_reads_exactly_its_reports(role_matrix, coordinator, tambov, ryazan):
    leader = role_matrix["leader"]
    tambov.leaders.add(leader)
    own = report_create(
        actor=coordinator, association=tambov, year_from=2005, text="Текст.", process=False
    )
    other = report_create(
        actor=coordinator, association=ryazan, year_from=2006, text="Текст.", process=False
    )
    seen = assert_agrees(
        AnnualReport,
        role_matrix.values(),
        lambda user, obj: user.has_perm("reports.view_report", obj),
    )
    expected = {
        "guest": set(),
        "member": set(),
        "body_member": set(),
        "leader": {own.pk},
        "coordinator": {own.pk, other.pk},
        "administrator": {own.pk, other.pk},
    }
    for role, user in role_matrix.items():
        assert seen[user] == expected[role], role
        assert {r.pk for r in report_list(user=user)} == expected[role], role
    client = Client()
    client.force_login(leader)
    assert client.get(f"/reports/{own.pk}/").status_code == 200
    assert client.get(f"/reports/{other.pk}/").status_code == 404
