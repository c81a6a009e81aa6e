import pytest

from tests.accounts.factories import UserFactory
from tests.registry.factories import make_association
from zemlyaki.surveys.models import ProfileChange, Response, ResponseStatus, Survey

from .factories import make_survey


@pytest.mark.django_db
def test_demo_creates_the_open_template_with_answers():
    from zemlyaki.surveys.demo import RESPONDENTS, load

    make_association("Тамбовское землячество (демо)", ["68"], is_demo=True)
    lines = load(print)
    survey = Survey.objects.get()
    assert survey.is_demo and survey.is_published and survey.is_open()
    assert survey.title == "Анкета активиста землячества"
    responses = Response.objects.filter(survey=survey)
    assert responses.count() == len(RESPONDENTS)
    assert set(responses.values_list("status", "is_demo")) == {(ResponseStatus.SUBMITTED, True)}
    # One respondent did not consent, so one profile change fewer.
    assert ProfileChange.objects.filter(is_demo=True).count() == len(RESPONDENTS) - 1
    assert lines == [
        f"Анкета «Анкета активиста землячества»: 6 демонстрационных ответов, ссылка /s/{survey.slug}/."
    ]


PERMS = [
    "surveys.change_survey",
    "surveys.delete_survey",
    "surveys.view_results",
    "surveys.export_results",
    "surveys.invite",
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "own", "expected"),
    [
        ("coordinator", False, True),
        ("leader", True, True),
        ("leader", False, False),
        ("member", False, False),
        ("administrator", False, False),
    ],
)
def test_rules_matrix(role, own, expected):
    import rules

    user = UserFactory(role=role, username=f"{role}-{own}", is_superuser=role == "administrator")
    association = make_association()
    if own:
        association.leaders.add(user)
    survey = make_survey(association=association)
    for perm in PERMS:
        assert rules.has_perm(perm, user, survey) is expected, perm
    assert rules.has_perm("surveys.add_survey", user) is (role in ("coordinator", "leader"))
    assert rules.has_perm("surveys.review_profilechange", user) is (role == "coordinator")


@pytest.mark.django_db
def test_survey_without_association_is_not_a_leaders(db):
    import rules

    leader = UserFactory(role="leader", username="l")
    make_association().leaders.add(leader)
    assert rules.has_perm("surveys.change_survey", leader, make_survey()) is False
