"""The results page opens with the summary; each respondent's answers are on their own
tab, only for those allowed, and a look at a personal questionnaire's answers is logged."""

import re

import pytest

from zemlyaki.people.models import AccessLogEntry
from zemlyaki.surveys.models import Survey
from zemlyaki.surveys.services import response_submit_all

from .factories import make_full_survey


@pytest.fixture
def answered(db):
    survey, q, _t = make_full_survey()
    knowledge = q["help"].options.get(title="Знания").pk
    for name in ["Анна", "Борис"]:
        response_submit_all(survey=survey, raw={q["name"].pk: name, q["help"].pk: [knowledge]})
    return survey, q


def test_summary_first_with_labelled_filters_and_no_answers_table(answered, client, coordinator):
    survey, _q = answered
    client.force_login(coordinator)
    page = client.get(f"/surveys/{survey.pk}/results/")
    assert page.status_code == 200
    html = page.text
    assert page.context["tab"] == "summary" and page.context["total"] == 2
    assert 'id="tab-summary" aria-current="page"' in html
    assert 'id="results-summary"' in html and "<svg" in html
    assert 'id="answers-table"' not in html
    assert "---------" not in html
    assert '<option value="" selected>все землячества</option>' in html
    assert '<option value="" selected>все регионы</option>' in html
    assert html.index('id="results-tabs"') < html.index('id="results-summary"')
    assert not AccessLogEntry.objects.exists()


def test_answers_tab_lists_each_response(answered, client, coordinator):
    survey, _q = answered
    client.force_login(coordinator)
    page = client.get(f"/surveys/{survey.pk}/results/", {"tab": "answers"})
    assert page.status_code == 200
    html = page.text
    assert 'id="tab-answers" aria-current="page"' in html
    assert 'id="results-summary"' not in html
    table = html.split('id="answers-table"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr><td>(\d+)</td>.*?</tr>", table, re.S)
    assert rows == ["1", "2"]
    assert "Анна" in table and "Борис" in table and "Знания" in table
    assert not AccessLogEntry.objects.exists()  # an anonymous questionnaire: no names


def test_answers_of_a_personal_questionnaire_are_logged(answered, client, coordinator):
    survey, _q = answered
    Survey.objects.filter(pk=survey.pk).update(mode="personal")
    client.force_login(coordinator)
    page = client.get(f"/surveys/{survey.pk}/results/", {"tab": "answers"})
    assert page.status_code == 200
    assert "Участник" in page.text
    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.action, entry.rows) == (coordinator, "view_list", 2)
    assert entry.query == {"survey": survey.pk, "tab": "answers"}


@pytest.mark.parametrize("role", ["leader", "member"])
def test_answers_refused_to_others_and_nothing_logged(answered, client, request, role):
    survey, _q = answered
    Survey.objects.filter(pk=survey.pk).update(mode="personal")
    client.force_login(request.getfixturevalue(role))
    response = client.get(f"/surveys/{survey.pk}/results/", {"tab": "answers"})
    assert response.status_code == 404
    assert "Анна" not in response.text
    assert not AccessLogEntry.objects.exists()
