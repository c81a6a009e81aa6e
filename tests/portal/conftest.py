"""Fixtures shared by the portal's API tests: the association of the news and its leader."""

import pytest

from tests.accounts.factories import UserFactory
from tests.registry.factories import make_association


@pytest.fixture
def tambov(db):
    return make_association("Тамбовское землячество", codes=("68",), slug="tambov")


@pytest.fixture
def tambov_leader(tambov):
    user = UserFactory(role="leader", username="lead-a")
    tambov.leaders.add(user)
    return user
