"""A leader with one association never picks it from a list: every form that asks for
the association takes theirs and shows it as text; another association sent instead is
still refused. With two associations the choice is theirs again."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.accounts.factories import UserFactory
from tests.registry.factories import make_association
from zemlyaki.people.forms import UploadForm
from zemlyaki.registry.models import Association
from zemlyaki.reports.forms import ReportUploadForm
from zemlyaki.standard.forms import StartForm
from zemlyaki.surveys.forms import SurveyForm, TemplateForm


@pytest.fixture
def leader_of_one(db):
    own = make_association("Тамбовское землячество", codes=("68",))
    other = make_association("Пензенское землячество", codes=("58",))
    leader = UserFactory(role="leader", username="lead")
    own.leaders.add(leader)
    return leader, own, other


def forms_for(leader, data=None, files=None):
    led = Association.objects.filter(leaders=leader)
    return {
        "report": ReportUploadForm(data, files, associations=led),
        "members": UploadForm(data, files, associations=led),
        "standard": StartForm(data, associations=led),
        "survey": SurveyForm(data, user=leader),
        "template": TemplateForm(data, user=leader),
    }


def test_the_only_association_is_taken_and_shown_as_text(leader_of_one):
    leader, own, _other = leader_of_one
    for name, form in forms_for(leader).items():
        html = str(form["association"])
        assert "<select" not in html, name
        assert (
            html == f'<input type="hidden" name="association" value="{own.pk}" '
            f'id="id_association"><strong class="fixed-choice">{own.name}</strong>'
        ), name


def test_the_own_association_is_accepted_and_another_refused(leader_of_one):
    leader, own, other = leader_of_one
    data = {
        "association": str(other.pk),
        "year_from": "2025",
        "year": "2025",
        "text": "Отчёт",
        "title": "Анкета",
        "mode": "anonymous",
        "slug": "anketa",
        "page_titles_text": "",
    }
    for name, form in forms_for(leader, data).items():
        form.is_valid()
        assert "association" in form.errors and "association" not in form.cleaned_data, name
    for name, form in forms_for(leader, {**data, "association": str(own.pk)}).items():
        form.is_valid()
        assert form.cleaned_data.get("association") == own, (name, form.errors)


def test_two_associations_are_a_real_choice(leader_of_one):
    leader, _own, other = leader_of_one
    other.leaders.add(leader)
    for name, form in forms_for(leader).items():
        assert "<select" in str(form["association"]), name
    assert (
        ReportUploadForm(
            None,
            {"file": SimpleUploadedFile("a.txt", b"x")},
            associations=Association.objects.filter(leaders=leader),
        )["association"].field.empty_label
        is not None
    )
