"""One visibility rule: the catalogue and the stakeholders are public to every role."""

import pytest

from tests.registry.factories import make_association, make_stakeholder
from tests.support.visibility import assert_agrees
from zemlyaki.registry.models import Association, Stakeholder

pytestmark = pytest.mark.django_db


def test_every_role_reads_every_association_and_stakeholder(role_matrix):
    associations = {make_association().pk, make_association("Рязанское", codes=("62",)).pk}
    stakeholders = {make_stakeholder().pk}
    seen = assert_agrees(
        Association,
        role_matrix.values(),
        lambda user, obj: user.has_perm("registry.view_association", obj),
    )
    assert all(ids == associations for ids in seen.values())
    seen = assert_agrees(
        Stakeholder,
        role_matrix.values(),
        lambda user, obj: user.has_perm("registry.view_stakeholder", obj),
    )
    assert all(ids == stakeholders for ids in seen.values())
