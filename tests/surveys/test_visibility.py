"""One visibility rule: a published questionnaire is read by everyone (it is answered by
its link), a draft only by those who manage it; managing (``managed_by``: a coordinator
every questionnaire, a leader those of the associations they lead) agrees with the
object permissions, the management list and the API."""

import pytest

from tests.registry.factories import make_association
from tests.support.visibility import assert_agrees
from tests.surveys.factories import make_survey
from zemlyaki.surveys.models import Survey
from zemlyaki.surveys.selectors import survey_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def surveys(role_matrix):
    tambov = make_association()
    ryazan = make_association("Рязанское землячество", codes=("62",))
    tambov.leaders.add(role_matrix["leader"])
    return {
        "own": make_survey(title="Анкета тамбовцев", association=tambov),
        "own_draft": make_survey(title="Черновик тамбовцев", association=tambov, published=False),
        "other_draft": make_survey(title="Черновик рязанцев", association=ryazan, published=False),
        "common_draft": make_survey(title="Черновик для всех", published=False),
    }


def test_each_role_reads_exactly_its_questionnaires(role_matrix, surveys, api, token_for):
    seen = assert_agrees(Survey, role_matrix.values())
    ids = {name: s.pk for name, s in surveys.items()}
    everything = set(ids.values())
    expected = {
        "guest": {ids["own"]},
        "member": {ids["own"]},
        "body_member": {ids["own"]},
        "leader": {ids["own"], ids["own_draft"]},
        "coordinator": everything,
        "administrator": {ids["own"]},
    }
    for role, user in role_matrix.items():
        assert seen[user] == expected[role], role
    response = api.get("/surveys", token=token_for(role_matrix["leader"]))
    assert {item["id"] for item in response.json()["items"]} == expected["leader"]
    assert {item["id"] for item in api.get("/surveys").json()["items"]} == expected["guest"]


def test_each_role_manages_exactly_its_questionnaires(role_matrix, surveys):
    ids = {name: s.pk for name, s in surveys.items()}
    expected = {
        "leader": {ids["own"], ids["own_draft"]},
        "coordinator": set(ids.values()),
    }
    for role, user in role_matrix.items():
        managed = set(Survey.objects.managed_by(user).values_list("pk", flat=True))
        by_permission = {
            s.pk for s in surveys.values() if user.has_perm("surveys.change_survey", s)
        }
        assert managed == by_permission == expected.get(role, set()), role
        if role != "guest":
            assert {s.pk for s in survey_list(user=user)} == managed, role
