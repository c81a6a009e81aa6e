"""One visibility rule: programs are public to read, drafts included."""

import pytest

from tests.programs.factories import make_program
from tests.support.visibility import assert_agrees
from zemlyaki.programs.models import Program

pytestmark = pytest.mark.django_db


def test_every_role_reads_every_program(role_matrix):
    programs = {make_program().pk, make_program(title="Малая родина", status="draft").pk}
    seen = assert_agrees(
        Program,
        role_matrix.values(),
        lambda user, obj: user.has_perm("programs.view_program", obj),
    )
    assert all(ids == programs for ids in seen.values())
