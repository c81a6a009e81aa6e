"""One visibility rule: a coordinator manages and reads every questionnaire, a leader
those of the associations they lead; the list and the object permissions agree."""

import pytest

from tests.registry.factories import make_association
from tests.support.visibility import assert_agrees
from tests.surveys.factories import make_survey
from zemlyaki.surveys.models import Survey
from zemlyaki.surveys.selectors import survey_list

pytestmark = pytest.mark.django_db


def test_each_role_reads_exactly_its_questionnaires(role_matrix):
    tambov = make_association()
    ryazan = make_association("Рязанское землячество", codes=("62",))
    tambov.leaders.add(role_matrix["leader"])
    own = make_survey(title="Анкета тамбовцев", association=tambov)
    other = make_survey(title="Анкета рязанцев", association=ryazan)
    common = make_survey(title="Анкета для всех")
    seen = assert_agrees(
        Survey,
        role_matrix.values(),
        lambda user, obj: user.has_perm("surveys.change_survey", obj),
    )
    expected = {
        "guest": set(),
        "member": set(),
        "body_member": set(),
        "leader": {own.pk},
        "coordinator": {own.pk, other.pk, common.pk},
        "administrator": set(),
    }
    for role, user in role_matrix.items():
        assert seen[user] == expected[role], role
        if role != "guest":
            assert {s.pk for s in survey_list(user=user)} == expected[role], role
        assert user.has_perm("surveys.view_results", other) is (role == "coordinator")
