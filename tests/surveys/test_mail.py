"""Personal links and reminders go through a real SMTP server on loopback."""

import re

import pytest
from django.test import Client

from tests.registry.factories import make_association
from zemlyaki.people.services import person_create
from zemlyaki.surveys.models import Invitation, InvitationKey, ResponseStatus, SurveyMode
from zemlyaki.surveys.services import invitations_remind, invitations_send

from .factories import make_question, make_survey

LINK = re.compile(r"http://testserver(/q/[A-Za-z0-9_\-]+)")


@pytest.fixture
def setup(db, coordinator):
    tambov = make_association("Тамбовское землячество", ["68"])
    people = [
        person_create(
            actor=None,
            data={"last_name": last, "first_name": first, "email": email},
            association=tambov,
        )
        for last, first, email in [
            ("Иванова", "Анна", "anna@example.org"),
            ("Петров", "Борис", "boris@example.org"),
            ("Сидоров", "Виктор", ""),
        ]
    ]
    survey = make_survey("Анкета актива", mode=SurveyMode.PERSONAL)
    question = make_question(survey, title="Ваше предложение", required=True)
    return survey, question, people, tambov


def link_of(message):
    found = LINK.search(message.get_content())
    assert found, message.get_content()
    return found.group(1)


def test_personal_links_arrive_and_only_non_respondents_are_reminded(
    setup, coordinator, smtp, django_capture_on_commit_callbacks
):
    survey, question, people, tambov = setup
    with django_capture_on_commit_callbacks(execute=True):
        stats = invitations_send(
            actor=coordinator,
            survey=survey,
            persons=people,
            association=tambov,
            base_url="http://testserver/",
        )
    assert stats == {"sent": 2, "already": 0, "no_email": 1}
    assert sorted(m["To"] for m in smtp) == ["anna@example.org", "boris@example.org"]
    assert {m["Subject"].strip() for m in smtp} == {"Анкета «Анкета актива»"}
    greetings = {m["To"]: m.get_content().splitlines()[0] for m in smtp}
    assert greetings == {
        "anna@example.org": "Здравствуйте, Анна!",
        "boris@example.org": "Здравствуйте, Борис!",
    }
    links = {m["To"]: link_of(m) for m in smtp}
    assert links["anna@example.org"] != links["boris@example.org"]
    # Only hashes are stored: no plain token anywhere in the database.
    for path in links.values():
        token = path.removeprefix("/q/")
        assert not InvitationKey.objects.filter(key_hash=token).exists()
        assert not Invitation.objects.filter(email__contains=token).exists()

    # Anna answers through her link.
    client = Client()
    page = client.get(links["anna@example.org"])
    assert page.status_code == 200
    assert "Ваше предложение" in page.text
    done = client.post(
        links["anna@example.org"], {"page": 1, "action": "next", f"q{question.pk}": "Клуб"}
    )
    assert done.status_code == 302
    anna = Invitation.objects.get(email="anna@example.org")
    assert anna.response.status == ResponseStatus.SUBMITTED

    smtp.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reminded = invitations_remind(
            actor=coordinator, survey=survey, base_url="http://testserver/"
        )
    assert reminded == 1
    assert [m["To"] for m in smtp] == ["boris@example.org"]
    assert smtp[0]["Subject"].strip() == "Напоминание: анкета «Анкета актива»"
    assert "вы ещё не\u00a0ответили" in smtp[0].get_content()
    boris = Invitation.objects.get(email="boris@example.org")
    assert (boris.reminders, anna.reminders) == (1, 0)
    # The reminder's link and the first link both lead to Boris's questionnaire.
    assert Client().get(link_of(smtp[0])).status_code == 200
    assert Client().get(links["boris@example.org"]).status_code == 200

    # Inviting again skips those already invited.
    smtp.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = invitations_send(
            actor=coordinator, survey=survey, persons=people, base_url="http://testserver/"
        )
    assert again == {"sent": 0, "already": 2, "no_email": 1}
    assert smtp == []


def test_unknown_link_is_not_found(db, client):
    assert client.get("/q/not-a-real-token").status_code == 404


def test_response_rate_per_association(setup, coordinator, django_capture_on_commit_callbacks):
    from zemlyaki.surveys.selectors import response_rates
    from zemlyaki.surveys.services import response_submit_all

    survey, question, people, tambov = setup
    with django_capture_on_commit_callbacks(execute=False):
        invitations_send(
            actor=coordinator, survey=survey, persons=people, association=tambov,
            base_url="http://testserver/",
        )  # fmt: skip
    anna = Invitation.objects.get(email="anna@example.org")
    response_submit_all(survey=survey, raw={question.pk: "Клуб"}, invitation=anna)
    assert response_rates(survey) == [
        {"association": "Тамбовское землячество", "invited": 2, "answered": 1, "rate": 0.5}
    ]


def test_invitations_page_sends_to_association_members(
    setup, client, coordinator, smtp, django_capture_on_commit_callbacks
):
    survey, _question, _people, tambov = setup
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/surveys/{survey.pk}/invitations/",
            {"source": "association", "association": tambov.pk},
        )
    assert response.status_code == 302
    assert sorted(m["To"] for m in smtp) == ["anna@example.org", "boris@example.org"]
    page = client.get(f"/surveys/{survey.pk}/invitations/")
    assert "2 приглашения" in page.text


def test_invitations_page_refused_to_a_member(setup, client, member, smtp):
    survey, _question, _people, tambov = setup
    client.force_login(member)
    response = client.post(
        f"/surveys/{survey.pk}/invitations/", {"source": "association", "association": tambov.pk}
    )
    assert response.status_code == 404
    assert Invitation.objects.count() == 0
    assert smtp == []
