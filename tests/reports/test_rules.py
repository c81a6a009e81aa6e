"""Role × action matrix of the reports archive."""

import pytest
import rules

from zemlyaki.reports.services import report_create

ROLES = ["anonymous", "member", "leader_own", "leader_other", "administrator", "coordinator"]

# action → roles allowed (on a report or association of the leader's own association).
# The rules are asked directly: whether Django's superuser shortcut applies to an
# administrator account is the accounts app's business, not this table's.
ADMIN_PREDICATE = {"reports.view_report", "reports.view_lexicon", "reports.view_analysis"}
MATRIX = {
    "reports.view_report": {"leader_own", "administrator", "coordinator"},
    "reports.upload_report": {"leader_own", "coordinator"},
    "reports.reanalyse_report": {"leader_own", "coordinator"},
    "reports.delete_report": {"coordinator"},
    "reports.review_finding": {"leader_own", "coordinator"},
    "reports.edit_lexicon": {"coordinator"},
    "reports.view_lexicon": {"administrator", "coordinator"},
    "reports.reanalyse_all": {"coordinator"},
    "reports.view_analysis": {"leader_own", "administrator", "coordinator"},
}


@pytest.fixture
def users(member, leader, administrator, coordinator, tambov, ryazan):
    from django.contrib.auth.models import AnonymousUser

    from tests.accounts.factories import UserFactory

    other_leader = UserFactory(role="leader", username="lead2")
    tambov.leaders.add(leader)
    ryazan.leaders.add(other_leader)
    return {
        "anonymous": AnonymousUser(),
        "member": member,
        "leader_own": leader,
        "leader_other": other_leader,
        "administrator": administrator,
        "coordinator": coordinator,
    }


@pytest.mark.parametrize("perm", sorted(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_matrix_on_object(users, tambov, coordinator, perm, role):
    report = report_create(
        actor=coordinator, association=tambov, year_from=2005, text="Текст.", process=False
    )
    target = tambov if perm in {"reports.upload_report", "reports.view_analysis"} else report
    if perm in {"reports.edit_lexicon", "reports.view_lexicon", "reports.reanalyse_all"}:
        target = None
    assert rules.has_perm(perm, users[role], target) is (role in MATRIX[perm])


@pytest.mark.parametrize("perm", sorted(MATRIX))
def test_administrator_role_without_superuser_only_reads(tambov, perm):
    from tests.accounts.factories import UserFactory

    admin = UserFactory(role="administrator", username="admin2", is_superuser=False)
    target = tambov if perm == "reports.upload_report" else None
    assert rules.has_perm(perm, admin, target) is (perm in ADMIN_PREDICATE)


@pytest.mark.parametrize("role", ROLES)
def test_menu_level_permissions_without_object(users, role):
    """With no object a leader of any association may open the archive (the list is
    limited to their associations); members and guests may not."""
    expected = role in {"leader_own", "leader_other", "administrator", "coordinator"}
    assert rules.has_perm("reports.view_report", users[role]) is expected
    assert rules.has_perm("reports.view_analysis", users[role]) is expected
    assert rules.has_perm("reports.upload_report", users[role]) is (
        role in {"leader_own", "leader_other", "coordinator"}
    )
